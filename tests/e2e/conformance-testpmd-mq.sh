#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside with-card.sh (2 VIFs, VIF 0 with PAIRS queue pairs:
# SVNIC_VIF_QUEUES=PAIRS,1). DPDK testpmd's virtio-user on VIF 0 with
# queues=PAIRS receives (rxonly, every RX queue polled); a second testpmd on
# VIF 1 sends 64-byte UDP frames of many flows (txonly, --txonly-multi-flow:
# the source address changes from frame to frame) to VIF 0 for a few
# seconds. The card steers each frame by its RSS hash over the pairs in
# use (virtio-user keeps the control queue and enables the rings of those
# pairs). Checked: VIF 0 negotiated VIRTIO_NET_F_MQ with every ring
# attached; every frame testpmd got is one the sender sent (addresses,
# UDP, 64 bytes); every RX queue got a share; and the counts reconcile:
# sender TX-packets = VIF 1's tx_frames = VIF 0's rx_frames + rx_drop_full;
# VIF 0's rx_delivered = testpmd's RX-packets = its per-queue lines summed;
# and per queue, the card's count (queue_rx_frames) = testpmd's.
#   conformance-testpmd-mq.sh [PAIRS [SECONDS]]
set -uo pipefail
pairs=${1:-4}
secs=${2:-4}
mac0=02:5e:00:00:00:00 mac1=02:5e:00:00:00:01
w=$SVNIC_WORK
testpmd=$(command -v dpdk-testpmd) || { echo "FAIL: dpdk-testpmd not found (Debian package dpdk-dev)"; exit 1; }
json() { svnicctl --json vif stats "$1"; }
sum() { # log field: summed over its "Accumulated forward statistics" blocks
  sed -n '/Accumulated forward statistics/,/+++++/p' "$1" |
    sed -n "s/.*$2: *\([0-9]*\).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}
field() { # vif name: a number field of the VIF's JSON
  json "$1" | sed -n "s/.*\"$2\": *\([0-9]*\).*/\1/p"
}

mkfifo "$w/rx.in" "$w/tx.in"
stdbuf -oL "$testpmd" -l 0,1 --no-huge --no-pci -m 512 --file-prefix="svnic-mqrx-$$" \
  --vdev "net_virtio_user0,path=$w/vif0.sock,queues=$pairs,cq=1,mac=$mac0" -- \
  -i --forward-mode=rxonly --rxq="$pairs" --txq="$pairs" --nb-cores=1 \
  --total-num-mbufs=16384 <"$w/rx.in" >"$w/rx.log" 2>&1 &
rx_pid=$!
exec 3>"$w/rx.in"
trap 'kill -KILL $rx_pid ${tx_pid:-} 2>/dev/null' EXIT
# every ring of the pairs attached: 2 * pairs bits
want_attached=$(( (1 << (2 * pairs)) - 1 ))
for _ in $(seq 300); do
  [ "$(field 0 queues_attached)" = "$want_attached" ] 2>/dev/null && break
  sleep 0.1
done
features=$(field 0 features)
attached=$(field 0 queues_attached)
echo "set verbose 1" >&3
echo "start" >&3

stdbuf -oL "$testpmd" -l 0,1 --no-huge --no-pci -m 512 --file-prefix="svnic-mqtx-$$" \
  --vdev "net_virtio_user1,path=$w/vif1.sock,queues=1,mac=$mac1" -- \
  -i --forward-mode=txonly --txonly-multi-flow --eth-peer=0,$mac0 --txpkts=64 \
  --nb-cores=1 --total-num-mbufs=8192 <"$w/tx.in" >"$w/tx.log" 2>&1 &
tx_pid=$!
exec 4>"$w/tx.in"
for _ in $(seq 300); do
  json 1 | grep -q '"state": "running"' && break
  sleep 0.1
done
echo "start" >&4
sleep "$secs"
echo "stop" >&4
# The sender quits only once the card has taken every frame it counted as
# sent: what is still in its TX ring when it quits is lost to the ring's
# teardown. Its total is printed by the "stop".
for _ in $(seq 20); do grep -q 'Accumulated forward statistics' "$w/tx.log" && break; sleep 0.1; done
for _ in $(seq 300); do
  [ "$(field 1 tx_frames)" = "$(sum "$w/tx.log" TX-packets)" ] 2>/dev/null && break
  sleep 0.1
done
echo "quit" >&4
exec 4>&-
for _ in $(seq 100); do kill -0 "$tx_pid" 2>/dev/null || break; sleep 0.1; done

# VIF 0's testpmd: wait until it has printed every frame the card delivered
frames_seen() { grep -c ' - length=[0-9]* - nb_segs=' "$w/rx.log"; }
for _ in $(seq 60); do
  d=$(field 0 rx_delivered)
  [ -n "$d" ] && [ "$(frames_seen)" -ge "$d" ] 2>/dev/null && break
  sleep 0.5
done
echo "stop" >&3
sleep 1
echo "quit" >&3
exec 3>&-
for _ in $(seq 100); do kill -0 "$rx_pid" 2>/dev/null || break; sleep 0.1; done

sent=$(sum "$w/tx.log" TX-packets) rx=$(sum "$w/rx.log" RX-packets) rxd=$(sum "$w/rx.log" RX-dropped)
v1_tx=$(field 1 tx_frames)
v0_rx=$(field 0 rx_frames) v0_full=$(field 0 rx_drop_full) v0_deliv=$(field 0 rx_delivered)
v0_small=$(field 0 rx_drop_small)
card_q=$(json 0 | sed -n 's/.*"queue_rx_frames": \[\([0-9, ]*\)\].*/\1/p' | tr -d ' ')
# testpmd's verbose lines: "port 0/queue Q: received N packets", then one
# line per frame
read -r -a tp_q < <(sed -n 's/.*port 0\/queue \([0-9]*\): received \([0-9]*\) packets.*/\1 \2/p' "$w/rx.log" |
  awk -v n="$pairs" '{ c[$1] += $2 } END { for (i = 0; i < n; i++) printf "%d ", c[i] + 0; print "" }')
good=$(grep ' - length=[0-9]* - nb_segs=' "$w/rx.log" | grep "src=${mac1^^} - dst=${mac0^^} " |
  grep ' - type=0x0800 - ' | grep ' - length=64 - nb_segs=1 ' | grep -c 'L4_UDP')
lines=$(frames_seen)
tp_q_csv=$(IFS=,; echo "${tp_q[*]}")
echo "VIF 0: features $features, queues attached $attached (want $want_attached)"
echo "sender TX-packets $sent; VIF 1 tx_frames $v1_tx; VIF 0 rx_frames $v0_rx rx_drop_full $v0_full" \
  "rx_delivered $v0_deliv rx_drop_small $v0_small; testpmd RX-packets $rx RX-dropped $rxd," \
  "$lines frame lines ($good as sent)"
echo "per queue: card $card_q, testpmd $tp_q_csv"
ok=1
(( ((${features:-0} >> 22) & 1) == 1 )) || { echo "VIF 0 did not negotiate VIRTIO_NET_F_MQ"; ok=0; }
[ "$attached" = "$want_attached" ] || { echo "VIF 0's rings are not all attached"; ok=0; }
[ "${sent:-0}" -gt 0 ] || { echo "nothing was sent"; ok=0; }
[ "$sent" = "$v1_tx" ] || { echo "sender's count and VIF 1's tx_frames differ"; ok=0; }
[ "$v1_tx" = "$((v0_rx + v0_full))" ] || { echo "VIF 1 sent, VIF 0 took + dropped: differ"; ok=0; }
[ "$v0_rx" = "$v0_deliv" ] && [ "$v0_small" = 0 ] || { echo "VIF 0 took frames it did not deliver"; ok=0; }
[ "$rx" = "$v0_deliv" ] && [ "$rxd" = 0 ] || { echo "testpmd's RX-packets and rx_delivered differ"; ok=0; }
[ "$lines" = "$rx" ] && [ "$good" = "$rx" ] || { echo "frames testpmd got are not all the sender's"; ok=0; }
[ "$card_q" = "$tp_q_csv" ] || { echo "per-queue counts of the card and testpmd differ"; ok=0; }
for ((i = 0; i < pairs; i++)); do
  [ "${tp_q[i]:-0}" -gt 0 ] || { echo "queue $i received nothing"; ok=0; }
done
if [ "$ok" = 1 ]; then
  echo "conformance (multiqueue): PASS"
  exit 0
fi
echo "conformance (multiqueue): FAIL"; tail -n 20 "$w/rx.log"; tail -n 20 "$w/tx.log"
exit 1
