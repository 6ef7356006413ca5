#!/bin/bash
# SPDX-License-Identifier: MIT
# Run under with-card.sh with 2 VIFs: svnic-ring-reset on them, then what
# svnicctl shows of VIF 0 afterwards, field by field: its device status at
# DRIVER_OK (human and JSON), its two ring resets, RING_RESET negotiated.
set -euo pipefail
svnic-ring-reset --a "0:$SVNIC_WORK/vif0.sock" --b "1:$SVNIC_WORK/vif1.sock" --frames 3000
json=$(svnicctl --json vif stats 0)
want='"status": 15, "status_bits": "acknowledge|driver|features_ok|driver_ok", "status_driven": true, "queue_resets": 2, '
case $json in
*"$want"*) ;;
*) echo "ring-reset.sh: VIF 0's JSON lacks: $want"; echo "$json"; exit 1 ;;
esac
features=$(sed -n 's/.*"features": \([0-9]*\),.*/\1/p' <<<"$json")
(( (features >> 40) & 1 )) || { echo "ring-reset.sh: VIF 0's features $features lack RING_RESET"; exit 1; }
stats=$(svnicctl vif stats 0)
grep -q '^status          0x0f acknowledge|driver|features_ok|driver_ok$' <<<"$stats" ||
  { echo "ring-reset.sh: vif stats 0 shows no DRIVER_OK status:"; echo "$stats"; exit 1; }
grep -q '^queue_resets    2$' <<<"$stats" || { echo "ring-reset.sh: queue_resets is not 2"; exit 1; }
list=$(svnicctl vif list)
# the guest has gone (svnicd stopped the queues); the status stays the card's
grep -Eq '^0 +ready .* 0x0f +none$' <<<"$list" ||
  { echo "ring-reset.sh: vif list does not show VIF 0 at 0x0f:"; echo "$list"; exit 1; }
echo "ring-reset.sh: PASS"
