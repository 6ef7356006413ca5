#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside with-card.sh (2 VIFs). DPDK testpmd's virtio-user driver on
# VIF 0 and our guest driver (svnic-peer) on VIF 1 exchange frames through
# the card: testpmd sends ROUNDS rounds of 4 bursts of 32 frames of 64 bytes
# (a round fits virtio-user's TX ring; the next starts when the card has
# taken the last), ours checks each and sends frames back; testpmd's own
# totals, summed over the rounds, must match.
# The frames coming back (60 to 1514 bytes) are received with testpmd's
# verbose output on: their lengths must add up to what ours sent, and with
# MIN_SEGS > 1 the largest must have arrived in at least that many mbufs
# (small mbufs with VIRTIO_NET_F_MRG_RXBUF: one frame over several RX
# buffers).
# With PEER_PAIRS > 1 (VIF 1 created with that many pairs), ours is a
# multiqueue driver (svnic-peer --pairs): testpmd's frames must be spread
# over all its RX queues (give testpmd --txonly-multi-flow), it sends back
# on every TX queue, and per pair its counts must be the card's.
#   conformance-testpmd.sh [EXTRA_VIRTIO_USER_DEVARGS [FEATURE_BITS
#                           [TESTPMD_ARGS [MIN_SEGS [PEER_PAIRS]]]]]
#   e.g. ",mrg_rxbuf=0", or ",packed_vq=1,in_order=0" "34,!35": each virtio
#   feature bit listed (comma-separated) must be among those VIF 0
#   negotiated, each "!bit" must not, so a devarg that silently fell back
#   cannot pass. TESTPMD_ARGS (comma-separated) are added to testpmd's
#   own, e.g. "--mbuf-size=512,--enable-scatter".
set -uo pipefail
extra=${1:-}
need_bits=${2:-}
tp_args=${3:-}
min_segs=${4:-1}
peer_pairs=${5:-1}
rounds=4 per_round=$((4 * 32)) back=300
expect=$((rounds * per_round))
mac0=02:5e:00:00:00:00 mac1=02:5e:00:00:00:01
w=$SVNIC_WORK
testpmd=$(command -v dpdk-testpmd) || { echo "FAIL: dpdk-testpmd not found (Debian package dpdk-dev)"; exit 1; }

svnic-peer --port "1:$w/vif1.sock" --peer-vif 0 --expect $expect --expect-len 64 \
  --send $back --timeout 60 --pairs "$peer_pairs" >"$w/peer.log" 2>&1 &
peer=$!
for _ in $(seq 200); do grep -q ready "$w/peer.log" && break; sleep 0.1; done

mkfifo "$w/tp.in"
# Line-buffered (stdbuf), so each frame's verbose line reaches the log whole
# and at once: the script counts them while testpmd runs.
stdbuf -oL "$testpmd" -l 0,1 --no-huge --no-pci -m 512 --file-prefix="svnic-conf-$$" \
  --vdev "net_virtio_user0,path=$w/vif0.sock,queues=1,mac=$mac0$extra" -- \
  -i --forward-mode=rxonly --eth-peer=0,$mac1 --txpkts=64 --nb-cores=1 \
  --total-num-mbufs=8192 ${tp_args//,/ } <"$w/tp.in" >"$w/testpmd.log" 2>&1 &
tp=$!
exec 3>"$w/tp.in"
trap 'kill -KILL $tp $peer 2>/dev/null' EXIT

for _ in $(seq 300); do
  svnicctl vif stats 0 2>/dev/null | grep -qi running && break
  sleep 0.1
done
features=$(svnicctl --json vif stats 0 | sed -n 's/.*"features": *\([0-9]*\).*/\1/p')
feat_ok=1
for b in ${need_bits//,/ }; do
  want=1
  [ "${b#!}" != "$b" ] && want=0 b=${b#!}
  if (( ((${features:-0} >> b) & 1) != want )); then
    echo "VIF 0: feature bit $b is $( ((want)) && echo "not ")negotiated (features ${features:-none})"
    feat_ok=0
  fi
done
card_tx() { # frames VIF 0 (testpmd) has sent into the card
  svnicctl --json vif stats 0 | sed -n 's/.*"tx_frames": *\([0-9]*\).*/\1/p'
}
echo "set verbose 1" >&3   # each frame received: length and mbufs
# The last round is not stopped: it goes on receiving what our driver sends
# back once it has every frame. (testpmd's RX-packets can miss frames that
# were already waiting in its ring when a "start" came.)
for ((r = 1; r <= rounds; r++)); do
  echo "start tx_first 4" >&3
  for _ in $(seq 300); do [ "$(card_tx)" -ge $((r * per_round)) ] 2>/dev/null && break; sleep 0.1; done
  [ "$r" -lt "$rounds" ] && echo "stop" >&3
done
wait $peer; peer_rc=$?
cat "$w/peer.log"
# testpmd polls on; on a loaded machine it may take a while to pull what the
# card already put in its ring: wait until its verbose output shows every
# frame back (or 30 s pass), then stop. (No commands meanwhile: their output
# would interleave with the frame lines.)
frames_seen() { grep -c ' - length=[0-9]* - nb_segs=' "$w/testpmd.log"; }
for _ in $(seq 60); do
  [ "$(frames_seen)" -ge "$back" ] 2>/dev/null && break
  sleep 0.5
done
echo "stop" >&3
sleep 1
echo "quit" >&3
exec 3>&-
for _ in $(seq 100); do kill -0 $tp 2>/dev/null || break; sleep 0.1; done

# testpmd's totals: each "stop" prints the figures since the last "start".
sum() { # field: summed over every "Accumulated forward statistics" block
  sed -n '/Accumulated forward statistics/,/+++++/p' "$w/testpmd.log" |
    sed -n "s/.*$1: *\([0-9]*\).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}
tx=$(sum TX-packets) txd=$(sum TX-dropped) rx=$(sum RX-packets) rxd=$(sum RX-dropped)
# What testpmd received, frame by frame (verbose: "length=L - nb_segs=S").
read -r nframes rx_bytes max_len max_segs < <(
  sed -n 's/.* - length=\([0-9]*\) - nb_segs=\([0-9]*\).*/\1 \2/p' "$w/testpmd.log" |
    awk '{ n++; b += $1; if ($1 > ml) { ml = $1; ms = $2 } } END { print n + 0, b + 0, ml + 0, ms + 0 }')
sent_bytes=$(sed -n 's/.*sent [0-9]* frames (\([0-9]*\) bytes).*/\1/p' "$w/peer.log")
echo "testpmd (virtio-user$extra${tp_args:+ $tp_args}): TX-packets $tx (expected $expect), TX-dropped $txd," \
  "RX-packets $rx (expected $back), RX-dropped $rxd; VIF 0 features $features"
echo "testpmd received $nframes frames, $rx_bytes bytes (ours sent ${sent_bytes:-?});" \
  "the largest, $max_len bytes, in $max_segs mbufs (at least $min_segs expected)"
if [ "$feat_ok" = 1 ] && [ "$peer_rc" -eq 0 ] && [ "$tx" = "$expect" ] && [ "$txd" = 0 ] && [ "$rx" = "$back" ] && [ "$rxd" = 0 ] &&
   [ "$nframes" = "$back" ] && [ "$rx_bytes" = "${sent_bytes:-x}" ] && [ "$max_segs" -ge "$min_segs" ]; then
  echo "conformance: PASS"
  exit 0
fi
echo "conformance: FAIL"; tail -n 30 "$w/testpmd.log"
exit 1
