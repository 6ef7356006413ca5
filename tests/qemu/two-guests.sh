#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside with-card.sh (2 VIFs, 3 with --isolated-vm): two Linux VMs under QEMU (TCG), each
# with the stock virtio_net driver on a vhost-user virtio-net-pci device
# served by svnicd, on VIFs 0 and 1 of the simulated card. Checks ping both
# ways (through ARP, i.e. broadcast replication) and a TCP transfer whose
# digest must match on both sides. With MTU, both devices offer it
# (host_mtu), both guests set it, and the client must also ping with
# MTU-sized packets (unfragmented frames of MTU + 14 bytes both ways).
# With --isolated-vm VLAN (3 VIFs), a third VM on VIF 2, which svnicctl
# first moves to VLAN VLAN, pings the server once a second: none may be
# answered while the server is up on its own VLAN, then svnicctl moves VIF 2
# onto the server's VLAN (0) and the pings must get through, which shows the
# silence was the VLAN's doing and not a broken VM.
# With --mq N (VIFs 0 and 1 created with N pairs: SVNIC_VIF_QUEUES), both
# VMs have N vCPUs and N queue pairs, and the transfer goes as 2N TCP
# connections; the driver must use all N pairs, the client's frames must
# leave on every TX queue of VIF 0 and the card must spread those for the
# server over every RX queue of VIF 1 (svnicctl's per-pair counters), digest
# intact.
# With --wire-tap IF (svnic-sim --wire-tap IF), the host is a third party
# beyond the card's Ethernet port: IF gets 169.254.0.9/16, the server VM
# pings it and the host pings the server VM, both through the card's port.
# With SVNIC_SVNICD_CLIENT=1 (with-card.sh's svnicd --client), QEMU listens
# on the VIF sockets (server=on) and svnicd connects to it.
#   two-guests.sh IMAGEDIR BYTES [--mtu MTU] [--isolated-vm VLAN] [--mq N] [--wire-tap IF]
set -uo pipefail
img=$1 bytes=$2 vm_mtu= iso_vlan= vm_queues= tap=
shift 2
while [ $# -gt 0 ]; do
  case $1 in
  --mtu) vm_mtu=$2; shift 2 ;;
  --isolated-vm) iso_vlan=$2; shift 2 ;;
  --mq) vm_queues=$2; shift 2 ;;
  --wire-tap) tap=$2; shift 2 ;;
  *) echo "two-guests.sh: unknown option '$1'"; exit 2 ;;
  esac
done
w=$SVNIC_WORK
qemu=$(command -v qemu-system-x86_64) || { echo "FAIL: qemu-system-x86_64 not found (Debian package qemu-system-x86)"; exit 1; }

# shellcheck source=vm.sh
. "$(dirname "$0")/vm.sh"
t0=$(date +%s.%N)
guest_args=${vm_mtu:+svnic.mtu=$vm_mtu}
[ -n "$vm_queues" ] && guest_args="$guest_args svnic.flows=$((2 * vm_queues))"
wire_ip=169.254.0.9
if [ -n "$tap" ]; then
  # A quiet link partner: IPv4 only, so nothing but the test's own ARP and
  # ICMP goes into the card.
  for _ in $(seq 100); do [ -e "/sys/class/net/$tap" ] && break; sleep 0.1; done
  [ -e "/sys/class/net/$tap" ] || { echo "FAIL: svnic-sim made no interface $tap"; exit 1; }
  [ -e "/proc/sys/net/ipv6/conf/$tap/disable_ipv6" ] && echo 1 > "/proc/sys/net/ipv6/conf/$tap/disable_ipv6"
  ip addr add "$wire_ip/16" dev "$tap" && ip link set dev "$tap" up ||
    { echo "FAIL: cannot set up $tap as $wire_ip/16"; exit 1; }
fi
chardev=
[ "${SVNIC_SVNICD_CLIENT:-}" = 1 ] && chardev=,server=on
iso= linger=
if [ -n "$iso_vlan" ]; then
  svnicctl vif set 2 --vlan "$iso_vlan" || { echo "FAIL: svnicctl vif set 2 --vlan $iso_vlan"; exit 1; }
  iso=$(vm isolated 2 isolated "svnic.ip=169.254.0.3/16 svnic.peer=169.254.0.2" "$chardev")
  linger=svnic.linger=1
fi
srv=$(vm server 1 server "svnic.ip=169.254.0.2/16 svnic.peer=169.254.0.1 $guest_args $linger${tap:+ svnic.wirepeer=$wire_ip}" "$chardev")
cli=$(vm client 0 client "svnic.ip=169.254.0.1/16 svnic.peer=169.254.0.2 svnic.bytes=$bytes $guest_args" "$chardev")
trap 'kill -KILL $srv $cli $iso 2>/dev/null' EXIT
ok=1
unreached() { local n; n=$(grep -c SVNIC-UNREACHED "$w/isolated.console" 2>/dev/null); echo "${n:-0}"; }
if [ -n "$iso" ]; then
  # From the moment the server answers pings on its VLAN, the isolated VM
  # must miss 10 more in a row; then it moves to VLAN 0 and must get through.
  console_wait server "SVNIC-PING ok" $srv
  n0=$(unreached)
  for _ in $(seq 600); do
    [ "$(unreached)" -ge $((n0 + 10)) ] && break
    grep -q SVNIC-REACHED "$w/isolated.console" && break
    kill -0 $iso 2>/dev/null || break
    sleep 0.2
  done
  if grep -q SVNIC-REACHED "$w/isolated.console" || [ "$(unreached)" -lt $((n0 + 10)) ]; then
    echo "FAIL: the VM on VLAN $iso_vlan reached the server on VLAN 0 (or stopped pinging): $(unreached) pings unanswered"
    ok=0
  else
    echo "VLAN $iso_vlan: $(unreached) pings unanswered ($((n0 + 10)) needed: 10 while the server answered on VLAN 0), none answered"
  fi
  svnicctl vif set 2 --vlan 0 || { echo "FAIL: svnicctl vif set 2 --vlan 0"; ok=0; }
  console_wait isolated SVNIC-DONE $iso 60
  grep -q SVNIC-REACHED "$w/isolated.console" ||
    { echo "FAIL: the third VM did not reach the server once on its VLAN"; ok=0; }
  echo "--- isolated console"; grep -E "SVNIC-(UP|REACHED|DONE)" "$w/isolated.console"
fi
host_ping=
if [ -n "$tap" ]; then
  # The host's turn, once the server VM answers its peer.
  console_wait server SVNIC-PING $srv
  # busybox (busybox-static, for the guests) has the ping the host may lack.
  busybox ping -c 3 -W 5 -I "$tap" 169.254.0.2 >"$w/host-ping.log" 2>&1 && host_ping=ok
fi
console_wait client SVNIC-DONE $cli && console_wait server SVNIC-DONE $srv
t1=$(date +%s.%N)
echo "--- client console"; grep SVNIC- "$w/client.console"
echo "--- server console"; grep SVNIC- "$w/server.console"
tx=$(sed -n 's/.*SVNIC-TX \([0-9]* [0-9a-f]*\).*/\1/p' "$w/client.console")
rx=$(sed -n 's/.*SVNIC-RX \([0-9]* [0-9a-f]*\).*/\1/p' "$w/server.console")
grep -q "SVNIC-PING ok" "$w/client.console" || { echo "FAIL: ping client -> server"; ok=0; }
grep -q "SVNIC-PING ok" "$w/server.console" || { echo "FAIL: ping server -> client"; ok=0; }
if [ -n "$tap" ]; then
  grep -q "SVNIC-WIREPING ok" "$w/server.console" ||
    { echo "FAIL: the server VM could not ping the host ($wire_ip on $tap) through the card's port"; ok=0; }
  [ "$host_ping" = ok ] ||
    { echo "FAIL: the host could not ping the server VM through $tap and the card's port:"; cat "$w/host-ping.log"; ok=0; }
  [ "$host_ping" = ok ] && grep -q "SVNIC-WIREPING ok" "$w/server.console" &&
    echo "wire: the server VM and the host ($wire_ip on $tap) ping each other through the card's Ethernet port"
fi
if [ -n "$vm_mtu" ]; then
  for g in client server; do
    grep -Eq "SVNIC-UP .* mtu $vm_mtu([^0-9]|\$)" "$w/$g.console" || { echo "FAIL: $g's eth0 did not get MTU $vm_mtu"; ok=0; }
  done
  grep -q "SVNIC-BIGPING ok" "$w/client.console" ||
    { echo "FAIL: ping client -> server with $((vm_mtu - 28))-byte payloads (MTU $vm_mtu)"; ok=0; }
fi
if [ -n "$chardev" ]; then
  grep -q "VIF 0: connecting to $w/vif0.sock" "$w/svnicd.log" ||
    { echo "FAIL: svnicd did not run as the vhost-user client"; ok=0; }
fi
[ -n "$tx" ] && [ "$tx" = "$rx" ] || { echo "FAIL: TCP transfer: sent '$tx', received '$rx'"; ok=0; }
read -r a b < <(sed -n 's/.*SVNIC-TXTIME \([0-9.]*\) \([0-9.]*\).*/\1 \2/p' "$w/client.console")
[ -n "${a:-}" ] && awk -v n="$bytes" -v a="$a" -v b="$b" \
  'BEGIN { printf "TCP: %d bytes in %.2f s inside the guest (%.1f Mbit/s)\n", n, b - a, n * 8 / (b - a) / 1e6 }'
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "wall time %.1f s\n", b - a }' 
# The stock virtio_net takes checksum offload when the card offers it: its
# TCP segments then cross the card with NEEDS_CSUM (the card inserts the
# checksum) and arrive with DATA_VALID.
for v in 0 1; do
  f=$(sed -n "s/.*VIF $v on .*; features 0x\([0-9a-f]*\);.*/\1/p" "$w/svnicd.log" | tail -n 1)
  { [ -n "$f" ] && [ $((0x$f & 3)) -eq 3 ]; } ||
    { echo "FAIL: VIF $v did not negotiate VIRTIO_NET_F_CSUM and GUEST_CSUM (features 0x${f:-?})"; ok=0; }
  [ -n "$f" ] && echo "VIF $v negotiated features 0x$f (RING_RESET: $(((0x$f >> 40) & 1)), MQ: $(((0x$f >> 22) & 1)))"
done
# And TSO: the client's stack hands the card TCP packets of up to 64 KiB
# (HOST_TSO4), which the card cuts into MSS-sized segments; the transfer's
# digest above shows they arrived intact.
f=$(sed -n "s/.*VIF 0 on .*; features 0x\([0-9a-f]*\);.*/\1/p" "$w/svnicd.log" | tail -n 1)
{ [ -n "$f" ] && [ $(((0x$f >> 11) & 1)) -eq 1 ]; } ||
  { echo "FAIL: VIF 0 did not negotiate VIRTIO_NET_F_HOST_TSO4 (features 0x${f:-?})"; ok=0; }
js=$(svnicctl --json vif stats 0)
tso_pk=$(sed -n 's/.*"tx_tso_packets": \([0-9]*\).*/\1/p' <<<"$js")
tso_sg=$(sed -n 's/.*"tx_tso_segs": \([0-9]*\).*/\1/p' <<<"$js")
gso_bad=$(sed -n 's/.*"tx_gso_bad": \([0-9]*\).*/\1/p' <<<"$js")
echo "TSO: the client's VIF sent ${tso_pk:-?} GSO packets as ${tso_sg:-?} segments, ${gso_bad:-?} dropped"
{ [ "${tso_pk:-0}" -gt 0 ] && [ "${tso_sg:-0}" -gt "${tso_pk:-0}" ] && [ "${gso_bad:-1}" -eq 0 ]; } ||
  { echo "FAIL: the client's TCP did not go through the card's TSO as expected"; ok=0; }
if [ -n "$vm_queues" ]; then
  # Every pair in use on both sides: the guests' drivers, the client's
  # TX queues on VIF 0, and the card's RX steering on VIF 1.
  for g in client server; do
    grep -Eq "SVNIC-UP .* pairs $vm_queues([^0-9]|\$)" "$w/$g.console" ||
      { echo "FAIL: $g's virtio_net does not use $vm_queues queue pairs: $(grep SVNIC-UP "$w/$g.console")"; ok=0; }
  done
  f=$(sed -n "s/.*VIF 0 on .*; features 0x\([0-9a-f]*\);.*/\1/p" "$w/svnicd.log" | tail -n 1)
  { [ -n "$f" ] && [ $(((0x$f >> 22) & 1)) -eq 1 ]; } ||
    { echo "FAIL: VIF 0 did not negotiate VIRTIO_NET_F_MQ (features 0x${f:-?})"; ok=0; }
  pairs_of() { # vif field: the per-pair counters, space-separated
    svnicctl --json vif stats "$1" | sed -n "s/.*\"$2\": \[\([0-9, ]*\)\].*/\1/p" | tr -d ','
  }
  for check in "0 queue_tx_frames" "1 queue_rx_frames"; do
    read -r vif field <<<"$check"
    c=$(pairs_of "$vif" "$field")
    echo "VIF $vif $field per pair: $c"
    # Each pair at least a quarter of an even share: flows, not a stray
    # frame (the connections' ports are fixed, so the spread is too).
    n=0 total=0 busy=0
    for x in $c; do n=$((n + 1)); total=$((total + x)); done
    for x in $c; do [ $((x * 4 * vm_queues)) -ge "$total" ] && [ "$x" -gt 0 ] && busy=$((busy + 1)); done
    [ "$n" -eq "$vm_queues" ] && [ "$busy" -eq "$vm_queues" ] ||
      { echo "FAIL: VIF $vif $field should carry at least 1/$((4 * vm_queues)) of the frames on each of its $vm_queues pairs: '$c'"; ok=0; }
  done
fi
svnicctl vif stats 0 | grep -E "state|frames|drop|error|csum"
svnicctl vif stats 0 | grep -E "tso|gso"
[ $ok = 1 ] && { echo "qemu: PASS"; exit 0; }
echo "qemu: FAIL"; tail -n 20 "$w"/*.console "$w"/*.qemu.log
exit 1
