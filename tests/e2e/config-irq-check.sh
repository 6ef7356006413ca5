#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks svnicd's log for the card's configuration-change interrupts:
#   config-irq-check.sh SVNICD_LOG VIF [OTHER_VIF...]
# VIF (put into NEEDS_RESET) must have signalled exactly once, with svnicd
# reading its state as needs-reset; the OTHER_VIFs must not have signalled.
# Waits up to 10 s for the line: svnicd handles the interrupt on its own
# thread.
set -uo pipefail
log=$1 vif=$2
shift 2
want="VIF $vif: configuration-change interrupt (1 so far): state needs-reset"
for _ in $(seq 100); do
  grep -qF "$want" "$log" && break
  sleep 0.1
done
grep -F 'configuration-change' "$log" >&2
if ! grep -qF "$want" "$log"; then
  echo "config-irq-check: no '$want' in $log" >&2
  exit 1
fi
if grep -qF "VIF $vif: configuration-change interrupt (2 so far)" "$log"; then
  echo "config-irq-check: VIF $vif signalled more than once" >&2
  exit 1
fi
for o in "$@"; do
  if grep -qF "VIF $o: configuration-change" "$log"; then
    echo "config-irq-check: VIF $o signalled a configuration change it did not have" >&2
    exit 1
  fi
done
echo "config-irq-check: VIF $vif's configuration-change interrupt reached svnicd once; VIFs $* none"
