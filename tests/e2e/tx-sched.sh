#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# TX scheduling set with svnicctl on a running card (run by with-card.sh
# with two VIFs): the card reports what was set, refuses what it cannot
# run, and two guests then exchange frames through the scheduler with VIF 1
# rate limited, every frame intact and in order, counters reconciled.
set -uo pipefail

fail() { echo "tx-sched: $*" >&2; exit 1; }

expect_json() { # vif fields
  local out
  out=$(svnicctl --json vif stats "$1") || fail "svnicctl vif stats $1 failed"
  grep -qF "$2" <<<"$out" || fail "VIF $1 reports $out, expected $2"
}

svnicctl vif set 0 --weight 4 >/dev/null || fail "vif set 0 --weight 4 failed"
svnicctl vif set 1 --rate 400M --burst 32K >/dev/null || fail "vif set 1 --rate 400M failed"
expect_json 0 '"weight": 4, "rate_bps": 0, "burst": 16384}'
expect_json 1 '"weight": 1, "rate_bps": 400000000, "burst": 32768}'

# out of range: refused before the card is asked, exit 2, nothing changed
err=$(svnicctl vif set 1 --rate 40G 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "--rate 40G exited $rc, not 2"
grep -qF "rate 40000000000 bit/s is out of range" <<<"$err" || fail "--rate 40G said: $err"
expect_json 1 '"rate_bps": 400000000'

svnicctl vif list
svnic-traffic --a "0:$SVNIC_WORK/vif0.sock" --b "1:$SVNIC_WORK/vif1.sock" --frames 2000 \
  --to-wire 50 --pcap "$SVNIC_WORK/wire.pcap" || fail "traffic through the scheduler failed"
expect_json 1 '"weight": 1, "rate_bps": 400000000, "burst": 32768}'
