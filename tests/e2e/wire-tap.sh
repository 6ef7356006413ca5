#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside with-card.sh (1 VIF), with svnic-sim started with
# --wire-tap IFNAME: brings IFNAME up as a silent link partner (no
# addresses, IPv6 off, so the host's own stack sends nothing into the card
# that would upset exact counters) and runs svnic-wire on VIF 0.
#   wire-tap.sh IFNAME
set -uo pipefail
tap=$1
w=$SVNIC_WORK
for _ in $(seq 100); do [ -e "/sys/class/net/$tap" ] && break; sleep 0.1; done
[ -e "/sys/class/net/$tap" ] || { echo "FAIL: svnic-sim made no interface $tap"; exit 1; }
if [ -e "/proc/sys/net/ipv6/conf/$tap/disable_ipv6" ]; then
  echo 1 > "/proc/sys/net/ipv6/conf/$tap/disable_ipv6" || { echo "FAIL: cannot turn IPv6 off on $tap"; exit 1; }
fi
ip link set dev "$tap" up || { echo "FAIL: ip link set dev $tap up"; exit 1; }
svnic-wire --port "0:$w/vif0.sock" --if "$tap" --frames 50
