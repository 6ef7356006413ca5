#!/bin/sh
# SPDX-License-Identifier: MIT
# Size and stack report of the card firmware (rv32imac build):
#  1. text/data/bss of BUILD/firmware/svnic-fw-rv32.elf;
#  2. the largest per-function stack frames, from the .su files that build
#     leaves next to the ELF (-fstack-usage);
#  3. a worst-case stack bound over the call graph from main: the firmware
#     sources are compiled again here with the same flags plus
#     -fcallgraph-info=su (the shipped build does not write .ci files; the
#     flag does not change code generation). Indirect calls are bounded by
#     the deepest function whose address is taken anywhere in the firmware
#     (found from the objects' relocations), which over-approximates every
#     possible target. Calls to libgcc helpers and to assembly (crt0) have
#     no frame information and are listed separately.
# usage: fw-report.sh BUILD_DIR [SOURCE_DIR] [TOP_N]
set -eu
build=${1:?usage: fw-report.sh BUILD_DIR [SOURCE_DIR] [TOP_N]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
top=${3:-15}
elf=$build/firmware/svnic-fw-rv32.elf
prefix=riscv64-unknown-elf-

for tool in ${prefix}gcc ${prefix}size ${prefix}objdump python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "fw-report: $tool not found (gcc-riscv64-unknown-elf provides the riscv tools)" >&2
		exit 1
	fi
done
if [ ! -f "$elf" ]; then
	echo "fw-report: $elf missing: build the target svnic-fw-rv32 first" >&2
	exit 1
fi

echo "== Size of $elf (bytes)"
${prefix}size "$elf"

echo
echo "== Largest stack frames (-fstack-usage, $build/firmware/*.su)"
# file:line:col:function<TAB>bytes<TAB>qualifier
cat "$build"/firmware/svnic-fw-rv32.elf-*.su | sort -t"$(printf '\t')" -k2,2nr |
	head -n "$top" | awk -F'\t' '{ n = split($1, p, ":"); f = p[1]; sub(".*/", "", f);
		printf "  %6d  %-9s %s (%s)\n", $2, $3, p[n], f }'
if grep -q -v -e '	static$' "$build"/firmware/svnic-fw-rv32.elf-*.su; then
	echo "  frames that are not static (dynamic or bounded):"
	grep -v -e '	static$' "$build"/firmware/svnic-fw-rv32.elf-*.su | sed 's/^/    /'
fi

# The rv32 build's own source list and flags (firmware/CMakeLists.txt).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(awk -F'[ )]' '/^project\(svnic VERSION/ { print $3 }' "$src/CMakeLists.txt")
vnum=$(echo "$version" | awk -F. '{ printf "0x%x", $1 * 65536 + $2 * 256 + $3 }')
(
	cd "$work"
	${prefix}gcc -march=rv32imac -misa-spec=2.2 -mabi=ilp32 -std=c11 -Os -g -ffreestanding \
		-fno-builtin -fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections \
		-fstack-usage -fcallgraph-info=su \
		-DSVNIC_FW_BUILD_VERSION="$vnum" -DSVNIC_FW_BUILD_TARGET=1 \
		-I"$src/firmware/include" -I"$src/include" -c \
		"$src"/firmware/src/*.c "$src"/firmware/crypto/*.c \
		"$src/firmware/hal/rv32/hal_mmio.c" "$src/firmware/hal/rv32/main.c" \
		"$src/firmware/hal/rv32/libc_shim.c"
	for o in *.o; do ${prefix}objdump -r "$o" >"${o%.o}.rel"; done
)

echo
echo "== Worst-case stack from main (call graph, -fcallgraph-info=su)"
python3 - "$work" <<'EOF'
import glob, os, re, sys

work = sys.argv[1]
node_re = re.compile(r'node: \{ title: "([^"]+)" label: "[^"]*\\n([^"\\]+):\d+:\d+\\n(\d+) bytes \(([^)]*)\)')
ext_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)" shape')
edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')

frame, qual, calls, where = {}, {}, {}, {}
externals = set()
statics = {}  # (source path, plain name) -> node title
for ci in sorted(glob.glob(os.path.join(work, "*.ci"))):
    for line in open(ci):
        m = node_re.search(line)
        if m:
            title, path, size, q = m.group(1), m.group(2), int(m.group(3)), m.group(4)
            frame[title], qual[title], where[title] = size, q, path
            calls.setdefault(title, set())
            if ":" in title:
                statics[(path, title.split(":")[-1])] = title
            continue
        m = ext_re.search(line)
        if m:
            externals.add(m.group(1))
            continue
        m = edge_re.search(line)
        if m:
            calls.setdefault(m.group(1), set()).add(m.group(2))

# Functions whose address is taken: relocations outside calls, jumps and
# debug information that name a function (a static by its file).
skip_types = ("CALL", "RELAX", "ALIGN", "BRANCH", "JAL", "RVC_JUMP", "RVC_BRANCH",
              "PCREL_LO12", "ADD", "SUB", "SET")
taken = set()
for rel in sorted(glob.glob(os.path.join(work, "*.rel"))):
    stem = os.path.basename(rel)[:-4]
    paths = {p for (p, _n) in statics if os.path.basename(p)[:-2] == stem}
    section = ""
    for line in open(rel):
        m = re.match(r"RELOCATION RECORDS FOR \[(.*)\]:", line)
        if m:
            section = m.group(1)
            continue
        parts = line.split()
        if len(parts) < 3 or section.startswith((".debug", ".eh_frame", ".riscv")):
            continue
        rtype, sym = parts[1], re.sub(r"[+-]0x[0-9a-f]+$", "", parts[2])
        if any(t in rtype for t in skip_types):
            continue
        if sym.startswith(".text."):
            sym = sym[len(".text."):]
        title = next((statics[(p, sym)] for p in paths if (p, sym) in statics), None)
        if title is None and sym in frame:
            title = sym
        if title is not None:
            taken.add(title)

INDIRECT = "__indirect_call"
memo, unknown, cycle = {}, set(), []

def worst(f, stack):
    """Deepest stack use of f and below: (bytes, path)."""
    if f in memo:
        return memo[f]
    if f in stack:
        cycle.append(stack[stack.index(f):] + [f])
        return (0, [f])
    if f == INDIRECT:
        best = (0, ["(indirect: no address-taken function)"])
        for t in sorted(taken):
            r = worst(t, stack + [f])
            if r[0] > best[0]:
                best = (r[0], ["(indirect)"] + r[1])
        memo[f] = best
        return best
    if f not in frame:
        unknown.add(f)
        return (0, [f + " (no frame info)"])
    best = (0, [])
    for c in sorted(calls.get(f, ())):
        r = worst(c, stack + [f])
        if r[0] > best[0] or not best[1]:
            best = r
    res = (frame[f] + best[0], [f] + best[1])
    memo[f] = res
    return res

# The same walk with indirect calls counted as free, to show how much of
# the bound the conservative resolution adds.
taken_all = taken
taken = set()
direct_total, _ = worst("main", [])
memo.clear()
taken = taken_all
total, path = worst("main", [])
def show(f):
    return "%s (%s)" % (f, "%d B" % frame[f] if f in frame else "?")
print("  bound: %d bytes from main, indirect calls included (crt0's _start uses no stack)"
      % total)
print("  direct calls only: %d bytes (what the bound would be if the callbacks were leaves)"
      % direct_total)
print("  deepest chain:")
for f in path:
    print("    " + show(f))
print("  indirect calls resolved to the %d address-taken functions: %s" %
      (len(taken), ", ".join(sorted(t.split(":")[-1] for t in taken))))
nondyn = [f for f in frame if qual[f] != "static"]
if nondyn:
    print("  WARNING: frames that are not static (the bound does not hold): " + ", ".join(nondyn))
if cycle:
    print("  WARNING: recursion, the bound does not hold: " + " -> ".join(cycle[0]))
if unknown:
    print("  not counted (no frame information: libgcc helpers, assembly): " +
          ", ".join(sorted(unknown)))
EOF
