#!/bin/sh
# SPDX-License-Identifier: MIT
# Synthesize RTL with yosys (synth_xilinx, flattened), fail if any latch is
# inferred, and print the LUT / flip-flop / block RAM figures.
#
# usage: yosys_synth_check.sh TOP WORKDIR FILE...
#   TOP      top-level module
#   WORKDIR  where the yosys log and statistics go (created)
#   FILE...  SystemVerilog sources in dependency order (SVNIC_RTL_SOURCES)
# Exit status: 0 clean, 1 latch or synthesis failure, 77 yosys missing.
set -eu

if [ $# -lt 3 ]; then
	echo "usage: $0 TOP WORKDIR FILE..." >&2
	exit 2
fi
top=$1
work=$2
shift 2

if ! command -v yosys >/dev/null 2>&1; then
	echo "yosys not found: install the yosys package (0.23 is the reference version)" >&2
	exit 77
fi

mkdir -p "$work"
log=$work/yosys_$top.log
stat=$work/yosys_$top.stat
rm -f "$stat"

start=$(date +%s)
# -q keeps the console quiet; the full log (with every proc_dlatch verdict)
# goes to $log
warn=$work/yosys_$top.warn
if ! yosys -q -l "$log" -p "read_verilog -sv $*; synth_xilinx -top $top -flatten; tee -o $stat stat" >/dev/null 2>"$warn"; then
	echo "$top: yosys failed, see $log" >&2
	grep -m 5 -E 'ERROR' "$log" >&2 || true
	exit 1
fi
end=$(date +%s)

# cell counts from the final statistics: "     NAME   COUNT"
count() {
	awk -v re="$1" '$1 ~ re && $2 ~ /^[0-9]+$/ { n += $2 } END { print n + 0 }' "$stat"
}

luts=$(count '^LUT[1-6]$')
lutram=$(count '^RAM(32M|64M|32X1[DS]|64X1[DS]|128X1[DS]|256X1S)$')
ffs=$(count '^FD[RSCP]E$')
ramb36=$(count '^RAMB36E1$')
ramb18=$(count '^RAMB18E1$')
dsp=$(count '^DSP48E1$')
latch_cells=$(count '^(LDCE|LDPE|\$_DLATCH.*|\$dlatch.*|\$adlatch.*)$')
latch_msgs=$(grep -c '^Latch inferred' "$log" || true)

echo "$top: yosys $(yosys -V | awk '{print $2}') synth_xilinx in $((end - start)) s"
echo "  LUT: $luts (logic) + $lutram LUT-RAM primitives"
echo "  FF: $ffs"
echo "  BRAM: $ramb36 RAMB36E1 + $ramb18 RAMB18E1"
echo "  DSP48E1: $dsp"
echo "  warnings: $(grep -c '^Warning' "$warn" || true) (in $warn)"

if [ "$latch_cells" -ne 0 ] || [ "$latch_msgs" -ne 0 ]; then
	echo "$top: $latch_cells latch cells, $latch_msgs latch inferences:" >&2
	grep '^Latch inferred' "$log" >&2 || true
	exit 1
fi
echo "  latches: none"
