#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside with-card.sh (2 VIFs). DPDK testpmd's virtio-user driver on
# VIF 0 and our guest driver (svnic-peer) on VIF 1 exchange frames through
# the card: testpmd sends TX_BURSTS bursts of 32 frames of 64 bytes, ours
# checks each and sends PEER_FRAMES back; testpmd's own totals must match.
#   conformance-testpmd.sh [EXTRA_VIRTIO_USER_DEVARGS]   e.g. ",mrg_rxbuf=0"
set -uo pipefail
extra=${1:-}
bursts=16 expect=$((16 * 32)) back=300
mac0=02:5e:00:00:00:00 mac1=02:5e:00:00:00:01
w=$SVNIC_WORK
testpmd=$(command -v dpdk-testpmd) || { echo "FAIL: dpdk-testpmd not found (Debian package dpdk-dev)"; exit 1; }

svnic-peer --port "1:$w/vif1.sock" --peer-vif 0 --expect $expect --expect-len 64 \
  --send $back --timeout 60 >"$w/peer.log" 2>&1 &
peer=$!
for _ in $(seq 200); do grep -q ready "$w/peer.log" && break; sleep 0.1; done

mkfifo "$w/tp.in"
"$testpmd" -l 0,1 --no-huge --no-pci -m 512 --file-prefix="svnic-conf-$$" \
  --vdev "net_virtio_user0,path=$w/vif0.sock,queues=1,mac=$mac0$extra" -- \
  -i --forward-mode=rxonly --eth-peer=0,$mac1 --txpkts=64 --nb-cores=1 \
  --total-num-mbufs=8192 <"$w/tp.in" >"$w/testpmd.log" 2>&1 &
tp=$!
exec 3>"$w/tp.in"
trap 'kill -KILL $tp $peer 2>/dev/null' EXIT

for _ in $(seq 300); do
  svnicctl vif stats 0 2>/dev/null | grep -qi running && break
  sleep 0.1
done
echo "start tx_first $bursts" >&3
wait $peer; peer_rc=$?
cat "$w/peer.log"
sleep 1
echo "stop" >&3
sleep 1
echo "quit" >&3
exec 3>&-
for _ in $(seq 100); do kill -0 $tp 2>/dev/null || break; sleep 0.1; done

# testpmd's totals, from its "Accumulated forward statistics" block.
acc=$(sed -n '/Accumulated forward statistics/,/+++++/p' "$w/testpmd.log")
rx=$(echo "$acc" | sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | head -1)
tx=$(echo "$acc" | sed -n 's/.*TX-packets: *\([0-9]*\).*/\1/p' | head -1)
echo "testpmd (virtio-user$extra): TX-packets ${tx:-?} (expected $expect), RX-packets ${rx:-?} (expected $back)"
if [ "$peer_rc" -eq 0 ] && [ "${tx:-}" = "$expect" ] && [ "${rx:-}" = "$back" ]; then
  echo "conformance: PASS"
  exit 0
fi
echo "conformance: FAIL"; tail -n 30 "$w/testpmd.log"
exit 1
