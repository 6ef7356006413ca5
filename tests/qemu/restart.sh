#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside with-card.sh (2 VIFs): two Linux VMs (QEMU, TCG, stock
# virtio_net) as in two-guests.sh, and svnicd is restarted (SIGTERM, then a
# new svnicd) while the client sends BYTES over TCP and pings the server 5
# times a second. The guests are not rebooted; QEMU reconnects
# (reconnect=1). Checks: the transfer completes with the same digest on both
# sides, and pings answer again after the restart. Reports the pings lost
# across the restart, the outage and the wall time; a duplicated ping answer
# fails the test.
#   restart.sh IMAGEDIR [BYTES] [PINGS]
set -uo pipefail
img=$1 bytes=${2:-20971520} pings=${3:-100}
w=$SVNIC_WORK
qemu=$(command -v qemu-system-x86_64) || { echo "FAIL: qemu-system-x86_64 not found (Debian package qemu-system-x86)"; exit 1; }

# shellcheck source=vm.sh
. "$(dirname "$0")/vm.sh"

t0=$(date +%s.%N)
srv=$(vm server 1 server "svnic.ip=169.254.0.2/16 svnic.peer=169.254.0.1" ,reconnect=1)
cli=$(vm client 0 client "svnic.ip=169.254.0.1/16 svnic.peer=169.254.0.2 svnic.bytes=$bytes svnic.pings=$pings" ,reconnect=1)
new_d=
trap 'kill -KILL $srv $cli 2>/dev/null; [ -n "$new_d" ] && kill -INT $new_d 2>/dev/null; wait $new_d 2>/dev/null' EXIT

# The transfer starts once the client printed its digest.
console_wait client SVNIC-TX $cli 300 || { echo "FAIL: the client never started its transfer"; tail -n 20 "$w/client.console"; exit 1; }
sleep 1

# The restart: the svnicd with-card.sh started, stopped as an operator
# would, and a new one on the same sockets.
old_d=$(pgrep -f "svnicd --card $SVNIC_CARD" | head -n 1)
[ -n "$old_d" ] || { echo "FAIL: no svnicd to restart"; exit 1; }
r0=$(date +%s.%N)
kill -TERM "$old_d"
for _ in $(seq 100); do kill -0 "$old_d" 2>/dev/null || break; sleep 0.1; done
svnicd --card "$SVNIC_CARD" --vif "0:$w/vif0.sock" --vif "1:$w/vif1.sock" >>"$w/svnicd2.log" 2>&1 &
new_d=$!
# Both guests are served again once the new svnicd logged each VIF ready.
for _ in $(seq 300); do
  [ "$(grep -c 'virtio is now ready' "$w/svnicd2.log" 2>/dev/null)" -ge 2 ] && break
  sleep 0.1
done
r1=$(date +%s.%N)

console_wait client SVNIC-DONE $cli && console_wait server SVNIC-DONE $srv
t1=$(date +%s.%N)
echo "--- client console"; grep SVNIC- "$w/client.console"
echo "--- server console"; grep SVNIC- "$w/server.console"
tx=$(sed -n 's/.*SVNIC-TX \([0-9]* [0-9a-f]*\).*/\1/p' "$w/client.console")
rx=$(sed -n 's/.*SVNIC-RX \([0-9]* [0-9a-f]*\).*/\1/p' "$w/server.console")
read -r sent got dups < <(sed -n 's/.*SVNIC-PINGS \([0-9]*\) \([0-9]*\) \([0-9]*\).*/\1 \2 \3/p' "$w/client.console")
ok=1
[ -n "$tx" ] && [ "$tx" = "$rx" ] || { echo "FAIL: TCP transfer across the restart: sent '$tx', received '$rx'"; ok=0; }
[ -n "${sent:-}" ] && [ "${got:-0}" -gt 0 ] || { echo "FAIL: no ping statistics from the client"; ok=0; }
# A frame delivered twice (a ring entry replayed after the restart) shows
# as a duplicate answer.
[ "${dups:-0}" -eq 0 ] || { echo "FAIL: $dups duplicate ping answers across the restart"; ok=0; }
grep -q "took over\|now ready" "$w/svnicd2.log" || { echo "FAIL: the new svnicd never served the guests"; ok=0; }
awk -v a="$r0" -v b="$r1" 'BEGIN { printf "svnicd restart: %.1f s from SIGTERM to both guests served again\n", b - a }'
[ -n "${sent:-}" ] && echo "pings across the restart: $sent sent, $got answered, $((sent - got)) lost, ${dups:-0} duplicated (one every 0.2 s)"
read -r a b < <(sed -n 's/.*SVNIC-TXTIME \([0-9.]*\) \([0-9.]*\).*/\1 \2/p' "$w/client.console")
[ -n "${a:-}" ] && awk -v n="$bytes" -v a="$a" -v b="$b" \
  'BEGIN { printf "TCP: %d bytes in %.2f s inside the guest, restart included (%.1f Mbit/s)\n", n, b - a, n * 8 / (b - a) / 1e6 }'
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "wall time %.1f s\n", b - a }'
[ $ok = 1 ] && { echo "qemu restart: PASS"; exit 0; }
echo "qemu restart: FAIL"; tail -n 20 "$w/client.console" "$w/server.console" "$w"/*.qemu.log "$w/svnicd2.log"
exit 1
