#!/usr/bin/env bash
# Prepares the USB camera lab (docs/hardware-lab.md): a Debian kernel and an initramfs for a QEMU
# guest whose USB gadget stack plays the cameras, and the FAT images the cameras expose.
# Idempotent and cached: each product is rebuilt only when its inputs change.
#   cache folder: $EVIDENCE_USB_LAB_CACHE, else <repo>/.cache/usb-lab
# Exit 0 = lab ready; any other exit = not ready, the last stderr line says why.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cache="${EVIDENCE_USB_LAB_CACHE:-$repo/.cache/usb-lab}"
mkdir -p "$cache"
log() { echo "usb-lab: $*" >&2; }

# 1. Debian packages. Only root can install; anyone else is told what is missing.
missing=()
for tool in qemu-system-x86_64:qemu-system-x86 mkfs.vfat:dosfstools mcopy:mtools ffmpeg:ffmpeg blkid:util-linux udevadm:udev; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
# busybox must be the static build: it runs in the guest before the host's libraries are reachable.
is_static_busybox() { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }
is_static_busybox || missing+=(busybox-static)
[ -x /lib/systemd/systemd-udevd ] || missing+=(udev)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then log "missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})"; exit 3; fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >&2
fi
is_static_busybox || { log "/bin/busybox is missing or dynamically linked; install busybox-static"; exit 3; }

# 2. The kernel: whatever linux-image-amd64 currently points at, from the Debian archive.
kernel_pkg="${EVIDENCE_USB_LAB_KERNEL_PKG:-}"
if [ -z "$kernel_pkg" ]; then
  kernel_pkg="$(cat "$cache/kernel.pkg" 2>/dev/null || true)"
  if [ -z "$kernel_pkg" ]; then
    lookup() { apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' | head -n1; }
    kernel_pkg="$(lookup)"
    # A clean machine may have no package lists yet.
    if [ -z "$kernel_pkg" ] && [ "$(id -u)" -eq 0 ]; then apt-get update -qq >&2 && kernel_pkg="$(lookup)"; fi
  fi
fi
[ -n "$kernel_pkg" ] || { log "cannot tell which linux-image-*-amd64 package to use (apt-cache depends linux-image-amd64 says nothing; run apt-get update)"; exit 3; }
kdir="$cache/kernel"
if [ ! -f "$kdir/.done-$kernel_pkg" ]; then
  log "downloading $kernel_pkg"
  rm -rf "$kdir" && mkdir -p "$kdir/root"
  (cd "$kdir" && apt-get download "$kernel_pkg" >&2 2>/dev/null) || (cd "$kdir" && apt-get update -qq >&2 && apt-get download "$kernel_pkg" >&2)
  dpkg-deb -x "$kdir"/"$kernel_pkg"_*.deb "$kdir/root"
  rm -f "$kdir"/*.deb
  kver="$(ls "$kdir/root/lib/modules")"
  cp "$kdir/root/boot/vmlinuz-$kver" "$kdir/vmlinuz"
  /bin/busybox depmod -b "$kdir/root" "$kver"
  echo "$kver" > "$kdir/version"
  touch "$kdir/.done-$kernel_pkg"
fi
echo "$kernel_pkg" > "$cache/kernel.pkg"
kver="$(cat "$kdir/version")"

# 3. The initramfs: static busybox, the modules the lab loads (with their dependencies), the init.
modules_wanted="virtio_pci 9pnet_virtio 9p configfs dummy_hcd libcomposite usb_f_mass_storage usb_f_fs usb_f_hid usb-storage hid usbhid hid-generic uas sd_mod vfat fat nls_utf8 nls_cp437 nls_iso8859-1 crct10dif_generic crc64_rocksoft_generic crc32c_generic"
stamp="$( (echo "$kver $modules_wanted"; cat "$repo/test/hardware/guest/init.sh") | sha256sum | cut -c1-16)"
if [ ! -f "$cache/initrd-$stamp.gz" ]; then
  log "building the initramfs"
  stage="$cache/initrd-stage"; rm -rf "$stage"; mkdir -p "$stage"/{bin,proc,sys,dev,host,lib/modules/"$kver"}
  cp /bin/busybox "$stage/bin/busybox"
  cp "$repo/test/hardware/guest/init.sh" "$stage/init"; chmod 755 "$stage/init"
  moddep="$kdir/root/lib/modules/$kver/modules.dep"
  # The dependency closure, read from the full tree's modules.dep.
  declare -A seen=()
  queue=()
  for m in $modules_wanted; do
    line="$(grep -E "/$m\.ko:" "$moddep" || true)"
    [ -n "$line" ] || { log "module $m is not in $kernel_pkg"; exit 3; }
    queue+=("${line%%:*}")
  done
  while [ "${#queue[@]}" -gt 0 ]; do
    mod="${queue[0]}"; queue=("${queue[@]:1}")
    [ -n "${seen[$mod]:-}" ] && continue
    seen[$mod]=1
    for dep in $(grep -E "^$mod:" "$moddep" | cut -d: -f2); do queue+=("$dep"); done
  done
  for mod in "${!seen[@]}"; do
    mkdir -p "$stage/lib/modules/$kver/$(dirname "$mod")"
    cp "$kdir/root/lib/modules/$kver/$mod" "$stage/lib/modules/$kver/$mod"
  done
  cp "$kdir/root/lib/modules/$kver"/modules.{builtin,order} "$stage/lib/modules/$kver/"
  /bin/busybox depmod -b "$stage" "$kver"
  rm -f "$cache"/initrd-*.gz
  (cd "$stage" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1 > "$cache/initrd-$stamp.gz.tmp")
  mv "$cache/initrd-$stamp.gz.tmp" "$cache/initrd-$stamp.gz"
  rm -rf "$stage"
fi
ln -sf "initrd-$stamp.gz" "$cache/initrd.gz"

# 4. The camera images (FAT volumes) and the files they hold.
bash "$here/build-camera-images.sh" "$cache/cameras"
echo "$cache"
