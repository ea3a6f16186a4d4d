#!/bin/busybox sh
# The USB lab guest's init (docs/hardware-lab.md). It loads the gadget and USB host modules, mounts
# the host's / over 9p, enters it with chroot and runs the script named by `lab.script=` on the
# kernel command line: the same node, node_modules and sources as the host, at the same paths.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
say() { echo "lab-init: $*"; }
for m in virtio_pci 9pnet_virtio 9p configfs dummy_hcd libcomposite usb_f_mass_storage usb_f_fs usb_f_hid usb-storage hid usbhid hid-generic uas sd_mod vfat nls_utf8 nls_cp437 nls_iso8859-1; do
  modprobe "$m" || say "modprobe $m FAILED"
done
mount -t configfs none /sys/kernel/config || say "configfs mount FAILED"
# cache=loose: module loading stats thousands of files; uncached, each is a round trip to the host.
# The host changes nothing under the guest while it runs, and init syncs before power-off.
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose host /host; then
  say "9p mount of the host root FAILED"; poweroff -f
fi
script="$(sed -n 's/.*lab\.script=\([^ ]*\).*/\1/p' /proc/cmdline)"
for f in proc sys dev; do mount --rbind "/$f" "/host/$f"; done
# The guest's own /run: udevd and the FunctionFS mounts live there, not in the host's /run.
mount -t tmpfs lab-run /host/run
mkdir -p /host/run/udev
say "running $script"
chroot /host /bin/sh "$script" 2>&1
say "script exited with $?"
sync
poweroff -f
