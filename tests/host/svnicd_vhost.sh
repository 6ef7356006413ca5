#!/bin/sh
# SPDX-License-Identifier: MIT
# svnicd between a vhost-user front-end (DPDK testpmd with virtio-user) and
# svnic-fake-sim: the memory table becomes a DMA map with an fd, both vrings
# become QUEUE_ATTACH with their eventfds, and the front-end leaving (then
# SIGTERM) detaches and unmaps everything.
# Usage: svnicd_vhost.sh SVNICD SVNICCTL SVNIC_FAKE_SIM
set -u
SVNICD=$1 SVNICCTL=$2 FAKESIM=$3
command -v dpdk-testpmd >/dev/null 2>&1 || { echo "FAIL: dpdk-testpmd not found (Debian package dpdk-dev; scripts/install-deps installs it)"; exit 1; }
W=$(mktemp -d /tmp/svnicd-test.XXXXXX)
SIM_PID= D_PID=
cleanup() {
	[ -n "$D_PID" ] && kill -TERM "$D_PID" 2>/dev/null
	[ -n "$SIM_PID" ] && kill -TERM "$SIM_PID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$W" "/var/run/dpdk/svnicd-test-vu-$$"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- card log"; cat "$W/card.log"; echo "--- svnicd log"; cat "$W/svnicd.log"; exit 1; }

"$FAKESIM" "$W/card.sock" >"$W/card.log" 2>&1 &
SIM_PID=$!
i=0; while [ ! -S "$W/card.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
export SVNIC_CARD="sim:$W/card.sock"
"$SVNICCTL" vif create --mac 02:00:00:00:00:01 || fail "vif create"

"$SVNICD" --vif "0:$W/vif0.sock" >"$W/svnicd.log" 2>&1 &
D_PID=$!
i=0; while ! grep -q "ready:" "$W/svnicd.log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
grep -q "offers features 0x0000010d7001980b" "$W/svnicd.log" || fail "offered features"

# testpmd reads stdin: keep it open for 3 s, then let it quit.
(sleep 3) | timeout 30 dpdk-testpmd -l 0,1 --no-huge --no-pci -m 512 \
	--file-prefix=svnicd-test-vu-$$ \
	--vdev "net_virtio_user0,path=$W/vif0.sock,queues=1" -- \
	--forward-mode=txonly --nb-cores=1 --total-num-mbufs=2048 >"$W/testpmd.log" 2>&1
sleep 0.5
kill -TERM "$D_PID"; wait "$D_PID"; rc=$?; D_PID=
[ $rc -eq 0 ] || fail "svnicd exit status $rc"

grep -q "dma_map domain=0 .* fd=yes status=0" "$W/card.log" || fail "no DMA map with fd"
grep -q "mbox op=0x20 vif=0 len=24 status=0" "$W/card.log" || fail "no DMA_MAP command"
grep -q "mbox op=0x13 vif=0 len=16 status=0" "$W/card.log" || fail "no SET_FEATURES"
# The device status replayed at new_device: ACKNOWLEDGE, DRIVER, then (after
# SET_FEATURES) FEATURES_OK, then (after the rings) DRIVER_OK.
[ "$(grep -c 'mbox op=0x19 vif=0 len=16 status=0' "$W/card.log")" -eq 4 ] || fail "four VIF_SET_STATUS"
grep -A1 'mbox op=0x13 vif=0' "$W/card.log" | grep -q 'mbox op=0x19' || fail "FEATURES_OK right after SET_FEATURES"
grep -q "set_irq vector=0 fd=yes" "$W/card.log" || fail "no irq for queue 0"
grep -q "set_ioeventfd reg=0x1004 value=1 fd=yes" "$W/card.log" || fail "no doorbell for queue 1"
[ "$(grep -c 'mbox op=0x30 vif=0 len=56 status=0 queue=. size=256' "$W/card.log")" -eq 2 ] || fail "two QUEUE_ATTACH"
[ "$(grep -c 'mbox op=0x31 vif=0 len=16 status=0' "$W/card.log")" -eq 2 ] || fail "two QUEUE_DETACH"
grep -q "mbox op=0x21 vif=0 len=24 status=0" "$W/card.log" || fail "no DMA_UNMAP command"
grep -q "dma_unmap domain=0 .* status=0" "$W/card.log" || fail "no transport unmap"
grep -q "svnicd: VIF 0 on .* 1 region(s)" "$W/svnicd.log" || fail "no device line"
echo "PASS"
