#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Stands up a simulated card for one command, then takes it down:
#   with-card.sh BINDIR NVIFS 'COMMAND'
# starts svnic-sim (wire capture on), creates NVIFS VIFs with svnicctl (MAC
# 02:5e:00:00:00:0N for VIF N), serves each on a vhost-user socket with
# svnicd, and runs COMMAND with bash, with these in its environment:
#   PATH          BINDIR's programs first (svnicctl, svnic-traffic, ...)
#   SVNIC_CARD    the card's URI
#   SVNIC_WORK    a fresh directory: vifN.sock, wire.pcap, the logs
# SVNIC_SIM_ARGS, if set, adds options to svnic-sim's command line.
# SVNIC_VIF_VLANS, if set, is one VLAN id per VIF, comma-separated
# (e.g. 10,10,20); VIFs without one are untagged (VLAN 0).
# SVNIC_VIF_QUEUES, if set, is one queue pair count per VIF, comma-separated
# (e.g. 4,1); VIFs without one have one pair.
# SVNIC_SVNICD_CLIENT=1 runs svnicd with --client: COMMAND's front-ends
# listen on the vifN.sock paths (QEMU: -chardev socket,server=on) and
# svnicd connects to them once they do; SVNIC_SVNICD_CLIENT is left in
# COMMAND's environment so it can tell.
# Exit status: COMMAND's; 1 if the card side failed to start or crashed.
set -uo pipefail

bindir=$(cd "$1" && pwd) nvifs=$2 cmd=$3
export SVNIC_WORK
SVNIC_WORK=$(mktemp -d /tmp/svnic-e2e.XXXXXX)
export SVNIC_CARD="sim:$SVNIC_WORK/card.sock"
export PATH="$bindir:$PATH"
sim_pid= d_pid= status=1

log() { echo "with-card: $*" >&2; }

stop() { # pid name: SIGINT, then SIGKILL after 10 s; returns its exit status
  local pid=$1 name=$2 rc
  [ -n "$pid" ] || return 0
  kill -INT "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop on SIGINT; killing it"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid"; rc=$?
  return $rc
}

finish() {
  local d_rc=0 sim_rc=0
  stop "$d_pid" svnicd || d_rc=$?
  stop "$sim_pid" svnic-sim || sim_rc=$?
  grep -h 'svnic-sim: [0-9]* cycles' "$SVNIC_WORK/sim.log" >&2 || true
  if [ "$sim_rc" -ne 0 ] || [ "$d_rc" -ne 0 ]; then
    log "svnic-sim exited $sim_rc, svnicd exited $d_rc"
    [ "$status" -eq 0 ] && status=1
  fi
  if [ "$status" -ne 0 ] || [ -n "${SVNIC_E2E_VERBOSE:-}" ]; then
    for f in sim.log svnicd.log; do
      echo "---- $f" >&2; tail -n 40 "$SVNIC_WORK/$f" >&2
    done
  fi
  [ "$status" -eq 0 ] && [ -z "${SVNIC_E2E_KEEP:-}" ] && rm -rf "$SVNIC_WORK"
  exit "$status"
}
trap finish EXIT
trap 'status=130; exit' INT TERM

wait_for() { # what test-args...: up to 30 s
  local what=$1; shift
  for _ in $(seq 300); do
    test "$@" && return 0
    sleep 0.1
  done
  log "timed out waiting for $what"
  return 1
}

# shellcheck disable=SC2086 # SVNIC_SIM_ARGS is a list of options
"$bindir/svnic-sim" --socket "$SVNIC_WORK/card.sock" --pcap "$SVNIC_WORK/wire.pcap" \
  ${SVNIC_SIM_ARGS:-} >"$SVNIC_WORK/sim.log" 2>&1 &
sim_pid=$!
wait_for "the card's socket" -S "$SVNIC_WORK/card.sock" || exit

vifargs=()
IFS=, read -r -a vlans <<<"${SVNIC_VIF_VLANS:-}"
IFS=, read -r -a queues <<<"${SVNIC_VIF_QUEUES:-}"
for ((i = 0; i < nvifs; i++)); do
  mac=$(printf '02:5e:00:00:00:%02x' "$i")
  out=$(svnicctl vif create --mac "$mac" --vlan "${vlans[i]:-0}" --queues "${queues[i]:-1}") ||
    { log "svnicctl vif create failed: $out"; exit; }
  vifargs+=(--vif "$i:$SVNIC_WORK/vif$i.sock")
done
client=()
[ "${SVNIC_SVNICD_CLIENT:-}" = 1 ] && client=(--client)
svnicd --card "$SVNIC_CARD" "${client[@]}" "${vifargs[@]}" >"$SVNIC_WORK/svnicd.log" 2>&1 &
d_pid=$!
if [ ${#client[@]} -eq 0 ]; then
  for ((i = 0; i < nvifs; i++)); do
    wait_for "svnicd's socket for VIF $i" -S "$SVNIC_WORK/vif$i.sock" || exit
  done
fi

bash -c "$cmd"
status=$?
