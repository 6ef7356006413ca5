# SPDX-License-Identifier: MIT
# Sourced by the qemu tests: start one test VM in the background and print
# its pid. Needs $qemu, $img (kernel + initramfs) and $w (the work folder).
#   vm NAME VIF ROLE 'KERNEL ARGS' [CHARDEV OPTIONS]
# The VM has 256 MiB of shared memory (the card DMAs into it), one
# vhost-user virtio-net-pci device on the VIF's socket with the VIF's MAC,
# and its console in $w/NAME.console. vectors=0: see README (QEMU 7.2).
# no_timer_check: under TCG on a loaded machine the kernel's IO-APIC timer
# check can fail and panic the boot ("IO-APIC + timer doesn't work").
# $vm_mtu, if set, is the MTU the device offers the guest (host_mtu; the
# guest's svnic.mtu= sets it on eth0). SVNIC_VM_NET_OPTS, if set, is added to
# the device's options (e.g. ",host_tso4=off,host_tso6=off" to compare).
# $vm_queues, if set, gives the VM that many vCPUs and the device that many
# queue pairs (netdev queues=, mq=on): Linux's virtio_net then uses one pair
# per vCPU. The VIF must have as many pairs (with-card.sh SVNIC_VIF_QUEUES).
vm() {
  local name=$1 vif=$2 role=$3 extra=$4 chardev_opts=${5:-}
  "$qemu" -accel tcg -cpu max -smp "${vm_queues:-1}" -m 256 -display none -monitor none -no-reboot \
    -serial "file:$w/$name.console" -kernel "$img/vmlinuz" -initrd "$img/initramfs.gz" \
    -append "console=ttyS0 quiet panic=-1 no_timer_check svnic.role=$role $extra" \
    -object memory-backend-memfd,id=mem,size=256M,share=on -numa node,memdev=mem \
    -chardev "socket,id=c0,path=$w/vif$vif.sock$chardev_opts" -netdev "vhost-user,id=n0,chardev=c0${vm_queues:+,queues=$vm_queues}" \
    -device "virtio-net-pci,netdev=n0,mac=$(printf '02:5e:00:00:00:%02x' "$vif"),vectors=0${vm_mtu:+,host_mtu=$vm_mtu}${vm_queues:+,mq=on}${SVNIC_VM_NET_OPTS:-}" \
    >"$w/$name.qemu.log" 2>&1 &
  echo $!
}

# console_wait NAME PATTERN PID [SECONDS]: wait (up to SECONDS, default
# 360) until $w/NAME.console has a line matching PATTERN, or VM PID exits;
# true when the line is there.
console_wait() {
  local name=$1 pattern=$2 pid=$3 steps=$((${4:-360} * 5))
  for _ in $(seq "$steps"); do
    grep -q "$pattern" "$w/$name.console" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  grep -q "$pattern" "$w/$name.console" 2>/dev/null
}
