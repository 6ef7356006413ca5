#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# svnicd restarts under traffic on a simulated card:
#   svnicd-restart.sh BINDIR 'EXTRA SVNICD ARGS' SCHEDULE [svnic-restart options]
# starts svnic-sim, creates VIFs 0 and 1, and runs svnic-restart, which
# starts svnicd itself (server mode, plus EXTRA ARGS) and signals it per
# SCHEDULE (e.g. TERM@2000,KILL@5000) while guests on both VIFs exchange
# numbered frames. Exit status: svnic-restart's; 1 if the card failed.
set -uo pipefail
bindir=$(cd "$1" && pwd) extra=$2 schedule=$3
shift 3
w=$(mktemp -d /tmp/svnicd-restart.XXXXXX)
export SVNIC_CARD="sim:$w/card.sock" PATH="$bindir:$PATH"
sim_pid= status=1

finish() {
  if [ -n "$sim_pid" ]; then
    kill -INT "$sim_pid" 2>/dev/null
    wait "$sim_pid" || { echo "svnicd-restart: svnic-sim exited $?"; status=1; }
  fi
  if [ "$status" -ne 0 ]; then
    echo "---- sim.log"; tail -n 30 "$w/sim.log"
    echo "---- svnicd.log"; tail -n 60 "$w/svnicd.log"
  else
    rm -rf "$w"
  fi
  exit "$status"
}
trap finish EXIT
trap 'status=130; exit' INT TERM

svnic-sim --socket "$w/card.sock" >"$w/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 300); do [ -S "$w/card.sock" ] && break; sleep 0.1; done
[ -S "$w/card.sock" ] || { echo "svnicd-restart: svnic-sim did not start"; exit; }
for i in 0 1; do
  svnicctl vif create --mac "$(printf '02:5e:00:00:00:%02x' "$i")" >/dev/null || exit
done
svnic-restart --a "0:$w/vif0.sock" --b "1:$w/vif1.sock" --log "$w/svnicd.log" \
  --svnicd "svnicd --card $SVNIC_CARD --vif 0:$w/vif0.sock --vif 1:$w/vif1.sock $extra" \
  --restart "$schedule" "$@"
status=$?
