#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the test guests' kernel and initramfs into OUTDIR, without
# installing a kernel: Debian's linux-image package is downloaded and
# unpacked, and its virtio modules go into a busybox initramfs.
#   make-guest-image.sh OUTDIR      (a no-op when OUTDIR is complete)
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
[ -s "$out/vmlinuz" ] && [ -s "$out/initramfs.gz" ] && [ "$out/initramfs.gz" -nt "$here/guest-init.sh" ] && exit 0
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt's download sandbox user writes here
cd "$work"
kernel_pkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}'; }
pkg=$(kernel_pkg)
[ -n "$pkg" ] || { apt-get update -q >/dev/null && pkg=$(kernel_pkg); }
[ -n "$pkg" ] || { echo "make-guest-image: apt knows no linux-image-amd64 package" >&2; exit 1; }
apt-get download "$pkg" >/dev/null
dpkg-deb -x "${pkg}"_*.deb kx
cp kx/boot/vmlinuz-* "$out/vmlinuz"
mods=$(echo kx/lib/modules/*/kernel)
mkdir -p root/bin root/lib/modules root/proc root/sys root/dev root/tmp
cp /bin/busybox root/bin/busybox
for m in drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev \
         drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci net/core/failover \
         drivers/net/net_failover drivers/net/virtio_net; do
  f=$(ls "$mods/$m".ko* | head -1)
  case "$f" in
    *.xz) xz -dc "$f" > "root/lib/modules/$(basename "$m").ko" ;;
    *.zst) zstd -dqc "$f" > "root/lib/modules/$(basename "$m").ko" ;;
    *) cp "$f" "root/lib/modules/$(basename "$m").ko" ;;
  esac
done
install -m 755 "$here/guest-init.sh" root/init
(cd root && find . | cpio -o -H newc --quiet) | gzip -9 > "$out/initramfs.gz"
echo "make-guest-image: $pkg -> $out ($(du -h "$out/initramfs.gz" | cut -f1) initramfs)"
