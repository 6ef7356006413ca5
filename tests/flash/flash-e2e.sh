#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Firmware update end to end on svnic-sim with a flash file:
#   flash-e2e.sh BINDIR FACTORY_IMG NEW_IMG NEW_SO NOCONFIRM_IMG SIGNING_KEY
# BINDIR holds svnic-sim, svnicd, svnicctl, svnic-traffic, svnic-image.
# FACTORY_IMG is the 0.1.0 image a blank flash starts with, NEW_IMG the same
# firmware as 0.2.0 (its module NEW_SO, to sign bad variants of), and
# NOCONFIRM_IMG an image that never declares itself healthy.
#
# Checks, in order:
#   1. every bad image is refused with its reason before anything is
#      written (the flash file is byte for byte unchanged);
#   2. A -> B -> A: 0.2.0 goes into slot B and comes up, then 0.1.0 into
#      slot A; traffic between two guests works after each;
#   3. an image that never confirms itself is rolled back by the watchdog;
#   4. power loss (svnic-sim killed) at several points of an upload leaves
#      a card that boots the previous image; power loss after the card
#      verified the image but before the reset boots the new one.
# SVNIC_SIM_ARGS, if set, adds options to svnic-sim's command line.
set -uo pipefail

bindir=$(cd "$1" && pwd) factory=$2 new=$3 new_so=$4 noconfirm=$5 key=$6
export PATH="$bindir:$PATH"
W=$(mktemp -d /tmp/svnic-flash.XXXXXX)
export SVNIC_CARD="sim:$W/card.sock"
FLASH=$W/card.flash
sim_pid= d_pid= failures=0

log() { echo "flash-e2e: $*" >&2; }
fail() { log "FAIL: $*"; failures=$((failures + 1)); }

wait_for() { # what test-args...: up to 30 s
  wait_cmd "$1" test "${@:2}"
}

wait_cmd() { # what command...: until it succeeds, polled every 20 ms, 30 s at most
  local what=$1; shift
  for _ in $(seq 1500); do
    "$@" && return 0
    sleep 0.02
  done
  log "timed out waiting for $what"
  return 1
}

upload_at() { # pct: the upload's progress reached pct%
  grep -Eo 'writing +[0-9]+%' "$W/flash.out" 2>/dev/null | tail -n 1 |
    awk -v p="$1" '{ exit !($2 + 0 >= p) }'
}

slot_good() { # version: a slot holds it, confirmed
  svnicctl card info --json 2>/dev/null |
    grep -q "\"state\": \"good\", \"fw_version\": \"$1\""
}

start_sim() {
  rm -f "$W/card.sock"
  # shellcheck disable=SC2086 # SVNIC_SIM_ARGS is a list of options
  svnic-sim --socket "$W/card.sock" --flash "$FLASH" --factory "$factory" \
    --watchdog-ms 1500 ${SVNIC_SIM_ARGS:-} >>"$W/sim.log" 2>&1 &
  sim_pid=$!
  wait_for "the card's socket" -S "$W/card.sock"
}

stop_pid() { # pid: SIGINT, SIGKILL after 10 s
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -INT "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

power_loss() { # the card loses power: no goodbye, no flush beyond the file
  kill -KILL "$sim_pid" 2>/dev/null
  wait "$sim_pid" 2>/dev/null
  sim_pid=
}

cleanup() {
  stop_pid "$d_pid"
  stop_pid "$sim_pid"
  if [ "$failures" -ne 0 ]; then
    echo "---- sim.log" >&2; tail -n 60 "$W/sim.log" >&2
    echo "---- svnicd.log" >&2; tail -n 20 "$W/svnicd.log" >&2 2>/dev/null
  else
    rm -rf "$W"
  fi
}
trap cleanup EXIT

# What the card runs: "VERSION SLOT", from card info's JSON.
running() {
  svnicctl card info --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(j["fw_version"], j["flash"]["running"])'
}

expect_running() { # version slot context
  local got
  got=$(running) || { fail "$3: card info failed"; return; }
  [ "$got" = "$1 $2" ] || fail "$3: card runs '$got', expected '$1 $2'"
}

# Two guests, 300 frames each way, checked by svnic-traffic.
traffic() { # context
  local out
  for i in 0 1; do
    out=$(svnicctl vif create --mac "02:5e:00:00:00:0$i" 2>&1) || { fail "$1: $out"; return; }
  done
  svnicd --card "$SVNIC_CARD" --vif "0:$W/vif0.sock" --vif "1:$W/vif1.sock" \
    >>"$W/svnicd.log" 2>&1 &
  d_pid=$!
  wait_for "svnicd" -S "$W/vif1.sock" || { fail "$1: svnicd did not come up"; return; }
  if out=$(svnic-traffic --a "0:$W/vif0.sock" --b "1:$W/vif1.sock" --frames 300 2>&1); then
    log "$1: traffic OK ($(echo "$out" | tail -n 1))"
  else
    fail "$1: traffic: $out"
  fi
  stop_pid "$d_pid"
  d_pid=
  rm -f "$W"/vif*.sock
  for i in 0 1; do svnicctl vif destroy "$i" >/dev/null 2>&1; done
}

refuse() { # image expected-reason context
  local out rc
  cp "$FLASH" "$W/before.flash"
  out=$(svnicctl flash "$1" 2>&1); rc=$?
  if [ "$rc" -ne 1 ]; then
    fail "$3: exit $rc, expected 1: $out"
  elif ! grep -q "$2" <<<"$out"; then
    fail "$3: message lacks '$2': $out"
  elif ! grep -q "nothing was written" <<<"$out"; then
    fail "$3: message does not say nothing was written: $out"
  elif ! cmp -s "$FLASH" "$W/before.flash"; then
    fail "$3: the flash changed"
  else
    log "$3: refused ($(head -n 1 <<<"$out" | sed 's/^svnicctl: //'))"
  fi
}

start_sim || exit 1
expect_running 0.1.0 A "factory"

# ---- 1. refusals
head -c 1000 "$new" >"$W/truncated.img"
refuse "$W/truncated.img" "TRUNCATED" "truncated image"
cp "$new" "$W/corrupt.img"
printf '\x5a' | dd of="$W/corrupt.img" bs=1 seek=300 conv=notrunc status=none
refuse "$W/corrupt.img" "BAD_HASH" "corrupted payload"
svnic-image keygen --out "$W/other.key" >/dev/null
svnic-image build --payload "$new_so" --target host --version 0.2.0 --load 0 --entry 0 \
  --key "$W/other.key" --out "$W/othersig.img" >/dev/null
refuse "$W/othersig.img" "BAD_SIGNATURE" "signed with another key"
svnic-image build --payload "$new_so" --target rv32 --version 0.2.0 --load 0 --entry 0 \
  --key "$key" --out "$W/rv32.img" >/dev/null
refuse "$W/rv32.img" "BAD_TARGET" "wrong target"
svnic-image build --payload "$new_so" --target host --version 0.0.9 --load 0 --entry 0 \
  --key "$key" --out "$W/old.img" >/dev/null
refuse "$W/old.img" "DOWNGRADE" "downgrade below the minimum"
head -c 4096 /dev/urandom >"$W/random.img"
refuse "$W/random.img" "BAD_MAGIC" "not an image"
expect_running 0.1.0 A "after the refusals"

# ---- 2. A -> B -> A with traffic after each
traffic "0.1.0 in slot A"
out=$(svnicctl flash "$new" 2>&1) || fail "flash 0.2.0: $out"
grep -q "came up with firmware 0.2.0 from slot B" <<<"$out" || fail "flash 0.2.0 said: $out"
expect_running 0.2.0 B "after A -> B"
traffic "0.2.0 in slot B"
out=$(svnicctl flash "$factory" 2>&1) || fail "flash 0.1.0: $out"
grep -q "came up with firmware 0.1.0 from slot A" <<<"$out" || fail "flash 0.1.0 said: $out"
expect_running 0.1.0 A "after B -> A"
traffic "0.1.0 back in slot A"

# ---- 3. rollback of an image that never confirms itself
out=$(svnicctl flash "$noconfirm" 2>&1); rc=$?
[ "$rc" -eq 1 ] || fail "unconfirmed image: exit $rc, expected 1: $out"
grep -q "rolled back to 0.1.0 from slot A" <<<"$out" || fail "unconfirmed image said: $out"
expect_running 0.1.0 A "after the rollback"
svnicctl card info --json | grep -q '"slot": "B", "state": "bad", "fw_version": "0.3.0"' ||
  fail "slot B is not marked bad after the rollback"
traffic "after the rollback"

# ---- 4. power loss during an upload, at several points
# If the cut comes after the card verified the image (svnicctl said so), the
# new image is pending and the next power-on must start it; before that, the
# card must come back with what it ran.
for pct in 5 30 60; do
  before=$(running)
  svnicctl flash "$new" >"$W/flash.out" 2>&1 &
  f_pid=$!
  wait_cmd "the upload to reach $pct%" upload_at "$pct"
  power_loss
  wait "$f_pid"; rc=$?
  at=$(grep -Eo 'writing +[0-9]+%' "$W/flash.out" | tail -n 1 | tr -s ' ')
  start_sim || { fail "power loss at $at: the card did not come back"; break; }
  if grep -q "verified by the card" "$W/flash.out"; then
    wait_cmd "0.2.0 to confirm itself" slot_good 0.2.0
    got=$(running)
    [ "${got% *}" = 0.2.0 ] || fail "power loss after verify ($at): card runs '$got'"
    log "power loss after the card verified the image: card boots $got"
  else
    [ "$rc" -ne 0 ] || fail "power loss at $at: svnicctl flash reported success"
    expect_running "${before% *}" "${before#* }" "power loss at $at of the upload"
    log "power loss at $at of the upload: card boots $(running)"
  fi
done
traffic "after the power losses"

# Verified but not yet started: the next power-on starts the new image.
before=$(running)
if [ "${before% *}" = 0.1.0 ]; then img=$new want=0.2.0; else img=$factory want=0.1.0; fi
out=$(svnicctl flash --no-reset "$img" 2>&1) || fail "flash --no-reset: $out"
power_loss
start_sim || fail "power loss after verify: the card did not come back"
wait_cmd "$want to confirm itself" slot_good "$want"
got=$(running)
[ "$got" != "$before" ] && [ "${got% *}" = "$want" ] ||
  fail "power loss after the card verified $want: card runs '$got' (was '$before')"
traffic "$want after a power loss before its first boot"

if [ "$failures" -ne 0 ]; then
  log "$failures check(s) failed"
  exit 1
fi
log "PASS"
