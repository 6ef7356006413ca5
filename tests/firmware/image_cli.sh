#!/bin/sh
# SPDX-License-Identifier: MIT
# svnic-image end to end: keygen, build, verify; exit codes and messages.
# usage: image_cli.sh PATH/TO/svnic-image WORKDIR
set -u
tool=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir" || exit 1
fails=0

# expect CODE PATTERN CMD...: CMD exits CODE and its output matches PATTERN.
expect() {
	want=$1 pattern=$2
	shift 2
	out=$("$@" 2>&1)
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: '$*' exited $got, expected $want"; echo "$out"
		fails=$((fails + 1))
	elif ! printf '%s\n' "$out" | grep -q -- "$pattern"; then
		echo "FAIL: '$*' output lacks '$pattern'"; echo "$out"
		fails=$((fails + 1))
	else
		echo "ok: $*"
	fi
}

head -c 3000 /dev/urandom > payload.bin
expect 0 "public key: k1.pub" "$tool" keygen --out k1
expect 0 "public key: k2.pub" "$tool" keygen --out k2
[ "$(stat -c %a k1)" = 600 ] || { echo "FAIL: secret key mode $(stat -c %a k1)"; fails=$((fails + 1)); }
[ "$(stat -c %s k1)" = 64 ] && [ "$(stat -c %s k1.pub)" = 32 ] ||
	{ echo "FAIL: key file sizes"; fails=$((fails + 1)); }
expect 1 "remove it first" "$tool" keygen --out k1

expect 0 "signed" "$tool" build --payload payload.bin --target rv32 --version 1.2.3 \
	--load 0x1000 --entry 0x1004 --key k1 --out fw.img
[ "$(stat -c %s fw.img)" = $((128 + 3000 + 64)) ] || { echo "FAIL: image size"; fails=$((fails + 1)); }

# good
expect 0 "^OK$" "$tool" verify --key-pub k1.pub --target rv32 --min-version 1.2.3 fw.img
expect 0 "version:     1.2.3" "$tool" verify --key-pub k1.pub fw.img
expect 0 "entry:       0x00001004" "$tool" verify --key-pub k1.pub fw.img
# wrong key
expect 1 "BAD_SIGNATURE" "$tool" verify --key-pub k2.pub fw.img
# wrong target
expect 1 "BAD_TARGET" "$tool" verify --key-pub k1.pub --target host fw.img
expect 1 "image target is rv32" "$tool" verify --key-pub k1.pub --target host fw.img
# downgrade
expect 1 "DOWNGRADE" "$tool" verify --key-pub k1.pub --min-version 1.2.4 fw.img
expect 1 "below the minimum 2.0.0" "$tool" verify --key-pub k1.pub --min-version 2.0.0 fw.img
# damaged: a payload byte, a truncated file
cp fw.img bad.img
printf '\377' | dd of=bad.img bs=1 seek=200 conv=notrunc 2>/dev/null
cmp -s fw.img bad.img && printf '\000' | dd of=bad.img bs=1 seek=200 conv=notrunc 2>/dev/null
expect 1 "BAD_HASH" "$tool" verify --key-pub k1.pub bad.img
head -c 1000 fw.img > short.img
expect 1 "TRUNCATED" "$tool" verify --key-pub k1.pub short.img
expect 1 "cannot open image" "$tool" verify --key-pub k1.pub missing.img
# build refuses what the card would refuse
expect 1 "entry must lie" "$tool" build --payload payload.bin --target rv32 --version 1.0.0 \
	--load 0x1000 --entry 0x10 --key k1 --out x.img
expect 1 "not a 64-byte secret key" "$tool" build --payload payload.bin --target rv32 \
	--version 1.0.0 --key k1.pub --out x.img
# bad usage
expect 2 "usage" "$tool"
expect 2 "unknown command" "$tool" frobnicate
expect 2 "--target must be rv32 or host" "$tool" build --payload payload.bin --target arm \
	--version 1.0.0 --key k1 --out x.img
expect 2 "--version must be X.Y.Z" "$tool" build --payload payload.bin --target rv32 \
	--version 1.2 --key k1 --out x.img
expect 2 "required" "$tool" build --payload payload.bin --target rv32 --version 1.0.0
expect 2 "--key-pub FILE is required" "$tool" verify fw.img
expect 2 "exactly one IMAGE" "$tool" verify --key-pub k1.pub
expect 2 "--min-version must be" "$tool" verify --key-pub k1.pub --min-version 1.2.300 fw.img
expect 2 "help" "$tool" verify --bogus fw.img
expect 0 "exit status" "$tool" --help

[ -e x.img ] && { echo "FAIL: a refused build wrote x.img"; fails=$((fails + 1)); }
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
