#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the test guests: a stock Debian kernel with its own virtio_net
# module, configured from the kernel command line:
#   svnic.ip=ADDR/PREFIX  svnic.role=server|client|isolated|idle  svnic.peer=ADDR
#   svnic.mtu=N  svnic.bytes=N (client: TCP transfer size)
#   svnic.flows=N (client and server: the transfer goes as N TCP
#     connections side by side, connection i from port 40000+i to port
#     5010+i; default 1)
#   svnic.pings=N (client: N pings at 5/s beside the transfer, counted,
#     duplicate answers too)
#   svnic.linger=1 (server: stay up after the transfer until a VM connects
#     to TCP port 5003, up to 300 s: the isolated VM's peer)
#   svnic.wirepeer=ADDR (server: also ping ADDR, a host beyond the card's
#     Ethernet port, and report it)
# It reports on the console in lines starting with "SVNIC-", which the host
# side of the test reads, then powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmp /tmp

for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
         failover net_failover virtio_net; do
  insmod /lib/modules/$m.ko || echo "SVNIC-FAIL insmod $m"
done

# The peer VM may still be booting: wait (up to 60 s) until it answers once,
# then the counted pings must all come back.
ping_peer() {
  for i in $(seq 60); do ping -c 1 -W 1 "$peer" > /dev/null 2>&1 && break; done
  ping -c 3 -W 5 "$peer" > /tmp/ping 2>&1 && echo "SVNIC-PING ok" || { echo "SVNIC-PING fail"; cat /tmp/ping; }
}

arg() { sed -n "s/.*svnic\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
ip=$(arg ip) role=$(arg role) peer=$(arg peer) mtu=$(arg mtu) bytes=$(arg bytes)
flows=$(arg flows)
flows=${flows:-1}

for i in $(seq 50); do [ -e /sys/class/net/eth0 ] && break; sleep 0.1; done
[ -n "$mtu" ] && ip link set eth0 mtu "$mtu"
ip addr add "$ip" dev eth0
ip link set eth0 up
# The queue pairs the driver uses: one per vCPU, up to what the device has.
pairs=$(ls -d /sys/class/net/eth0/queues/tx-* | wc -l)
# A flow answers on the pair its peer's frames arrive on (XPS by RX queue:
# TX queue i for RX queue i). The card spreads the flows over the RX queues
# (the hash of their ports), so each pair's TX queue carries data too;
# without this most of it would leave on vCPU 0's queue, where the RX
# interrupt (INTx: vectors=0) clocks TCP out.
if [ "$pairs" -gt 1 ]; then
  for i in $(seq 0 $((pairs - 1))); do
    printf %x $((1 << i)) > /sys/class/net/eth0/queues/tx-$i/xps_rxqs || echo "SVNIC-FAIL xps_rxqs tx-$i"
  done
fi
echo "SVNIC-UP $(cat /sys/class/net/eth0/address) mtu $(cat /sys/class/net/eth0/mtu) pairs $pairs"

# A background job's stdin is /dev/null, and nc ends its connection at
# stdin's EOF: listeners read a FIFO this shell holds open instead.
mkfifo /tmp/hold
exec 3<>/tmp/hold

case "$role" in
server)
  # Take the TCP transfer (listening before anything else), ping the
  # client, report the transfer's size and digest (its connections' data
  # in connection order).
  nc_pids=
  for i in $(seq 0 $((flows - 1))); do
    nc -l -p $((5010 + i)) <&3 > /tmp/rx.$i &
    nc_pids="$nc_pids $!"
  done
  if [ "$(arg linger)" = 1 ]; then
    timeout 300 nc -l -p 5003 <&3 > /tmp/linger &
    linger_pid=$!
  fi
  ping_peer
  wirepeer=$(arg wirepeer)
  if [ -n "$wirepeer" ]; then
    ping -c 3 -W 5 "$wirepeer" > /tmp/ping 2>&1 && echo "SVNIC-WIREPING ok" || { echo "SVNIC-WIREPING fail"; cat /tmp/ping; }
  fi
  wait $nc_pids
  for i in $(seq 0 $((flows - 1))); do cat /tmp/rx.$i; done > /tmp/rx
  result="$(wc -c < /tmp/rx) $(md5sum < /tmp/rx | cut -d' ' -f1)"
  echo "SVNIC-RX $result"
  # Tell the client it all arrived; it only stops once it knows.
  echo "$result" | nc "$peer" 5002
  if [ -n "${linger_pid:-}" ]; then
    wait $linger_pid
    echo "SVNIC-LINGERED $(cat /tmp/linger)"
  fi
  sleep 3
  ;;
client)
  ping_peer
  if [ -n "$mtu" ] && [ "$mtu" -gt 1500 ]; then
    ping -c 2 -W 5 -s $((mtu - 28)) "$peer" > /tmp/ping 2>&1 && echo "SVNIC-BIGPING ok" || echo "SVNIC-BIGPING fail"
  fi
  per=$(( ${bytes:-10485760} / 65536 / flows ))
  dd if=/dev/urandom of=/tmp/tx bs=65536 count=$((per * flows)) 2>/dev/null
  echo "SVNIC-TX $(wc -c < /tmp/tx) $(md5sum < /tmp/tx | cut -d' ' -f1)"
  # nc returns once the data is in the socket buffer: the transfer is over
  # when the server acknowledges it (and only then may the VM power off).
  nc -l -p 5002 <&3 > /tmp/ack &
  ack_pid=$!
  # svnic.pings=N: N pings, 5 a second, beside the transfer; how many came
  # back tells how many frames an event on the host side (an svnicd
  # restart) cost.
  pings=$(arg pings)
  if [ -n "$pings" ]; then
    ping -i 0.2 -W 1 -c "$pings" "$peer" > /tmp/pings 2>&1 &
    ping_pid=$!
  fi
  t0=$(cut -d' ' -f1 /proc/uptime)
  # Each connection from port 40000+i, so the card's hash of it, and the
  # pair it lands on, is the same in every run. busybox nc binds only when
  # listening: the kernel's port range is narrowed to that one port until
  # the connection stands.
  tx_pids= range=$(cat /proc/sys/net/ipv4/ip_local_port_range)
  for i in $(seq 0 $((flows - 1))); do
    port=$((40000 + i))
    [ "$flows" -gt 1 ] && echo "$port $port" > /proc/sys/net/ipv4/ip_local_port_range
    dd if=/tmp/tx bs=65536 skip=$((i * per)) count=$per 2>/dev/null |
      nc "$peer" $((5010 + i)) &
    tx_pids="$tx_pids $!"
    if [ "$flows" -gt 1 ]; then
      hex=$(printf %04X $port)
      for j in $(seq 100); do grep -q "^ *[0-9]*: [0-9A-F]*:$hex [0-9A-F:]* 01 " /proc/net/tcp && break; sleep 0.1; done
    fi
  done
  echo "$range" > /proc/sys/net/ipv4/ip_local_port_range
  wait $tx_pids
  wait $ack_pid
  t1=$(cut -d' ' -f1 /proc/uptime)
  echo "SVNIC-ACK $(cat /tmp/ack)"
  echo "SVNIC-TXTIME $t0 $t1"
  if [ -n "$pings" ]; then
    wait $ping_pid
    # sent, answered, duplicate answers (ping's summary names the last
    # only when there are some)
    dups=$(sed -n 's/.* \([0-9]*\) duplicates,.*/\1/p' /tmp/pings)
    echo "SVNIC-PINGS $(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) packets received.*/\1 \2/p' /tmp/pings) ${dups:-0}"
  fi
  ;;
isolated)
  # On a VLAN of its own the peer must stay unreachable until the host
  # moves this VM's VIF onto the peer's VLAN: ping once a second and report
  # each unanswered one, then the first answer (up to 300 s in all).
  for i in $(seq 300); do
    if ping -c 1 -W 1 "$peer" > /dev/null 2>&1; then
      echo "SVNIC-REACHED after $i"
      # Release the peer, which stays up for this (svnic.linger=1).
      for j in $(seq 10); do echo "from $ip" | nc "$peer" 5003 && break; sleep 1; done
      break
    fi
    echo "SVNIC-UNREACHED $i"
  done
  ;;
*)
  ping_peer
  ;;
esac
echo "SVNIC-DONE"
poweroff -f
