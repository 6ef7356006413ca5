#!/bin/sh
# SPDX-License-Identifier: MIT
# Run one rv32 test program on QEMU's virt machine and turn its outcome into
# an exit status for ctest. The program reports on the UART and ends QEMU
# through the sifive_test finisher (0x5555 pass, code << 16 | 0x3333 fail).
# Passing needs all three: QEMU exits 0, the program printed its PASS line
# (so a program that stopped early cannot pass), and it finished in time.
# usage: run-qemu.sh QEMU ELF [TIMEOUT_SECONDS]
set -u
qemu=$1
elf=$2
limit=${3:-60}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout --kill-after=5 "$limit" "$qemu" -M virt -nographic -bios none -kernel "$elf" \
	</dev/null >"$out" 2>&1
st=$?
cat "$out"
if [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; then
	echo "run-qemu: $elf did not finish within ${limit}s (hung?)" >&2
	exit 1
fi
if [ "$st" -ne 0 ]; then
	echo "run-qemu: $elf: QEMU exited with status $st (a check failed, or a trap)" >&2
	exit 1
fi
if ! grep -q '^RV32-RESULT PASS' "$out"; then
	echo "run-qemu: $elf: QEMU exited 0 but the program did not report PASS" >&2
	exit 1
fi
exit 0
