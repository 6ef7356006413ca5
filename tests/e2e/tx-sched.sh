#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# TX scheduling set with svnicctl on a running card (run by with-card.sh
# with two VIFs): the card reports what was set and refuses what it cannot
# run; two guests then exchange frames through the scheduler, every frame
# intact and in order, counters reconciled, and VIF 0's frames to the wire
# leave within its rate limit in the card's time (the capture's timestamps
# are simulated clock cycles): after the first, at most burst + rate * time
# + one frame.
set -uo pipefail

fail() { echo "tx-sched: $*" >&2; exit 1; }

expect_json() { # vif fields
  local out
  out=$(svnicctl --json vif stats "$1") || fail "svnicctl vif stats $1 failed"
  grep -qF "$2" <<<"$out" || fail "VIF $1 reports $out, expected $2"
}

rate=200000000 burst=32768
svnicctl vif set 1 --weight 4 >/dev/null || fail "vif set 1 --weight 4 failed"
svnicctl vif set 0 --rate 200M --burst 32K >/dev/null || fail "vif set 0 --rate 200M failed"
expect_json 1 '"weight": 4, "rate_bps": 0, "burst": 16384,'
expect_json 0 "\"weight\": 1, \"rate_bps\": $rate, \"burst\": $burst,"

# out of range: refused before the card is asked, exit 2, nothing changed
err=$(svnicctl vif set 0 --rate 40G 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "--rate 40G exited $rc, not 2"
grep -qF "rate 40000000000 bit/s is out of range" <<<"$err" || fail "--rate 40G said: $err"
expect_json 0 "\"rate_bps\": $rate"

svnicctl vif list
out=$(svnic-traffic --a "0:$SVNIC_WORK/vif0.sock" --b "1:$SVNIC_WORK/vif1.sock" --frames 1000 \
  --to-wire 400 --pcap "$SVNIC_WORK/wire.pcap") || { echo "$out"; fail "traffic through the scheduler failed"; }
echo "$out"
line=$(grep "to the wire from a:" <<<"$out") || fail "no wire timing in svnic-traffic's output"
read -r bytes us < <(awk '{ print $6, $13 }' <<<"$line")
# bytes * 8 <= (burst + 1518) * 8 + rate * us / 1e6, in integers
limit=$(( (burst + 1518) * 8 + rate / 1000000 * us ))
echo "tx-sched: VIF 0 sent $((bytes * 8)) bits to the wire in $us us, limit $limit"
[ $((bytes * 8)) -le "$limit" ] || fail "VIF 0 exceeded its rate: $((bytes * 8)) bits in $us us"
expect_json 0 "\"weight\": 1, \"rate_bps\": $rate, \"burst\": $burst,"
