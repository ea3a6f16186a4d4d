#!/usr/bin/env bash
# Builds the lab cameras' FAT volumes (docs/hardware-lab.md) into the folder given as $1:
#   <serial>/files/...   the files the camera holds (the tests hash these on the host)
#   <serial>.img         a whole-disk FAT image with those files, exposed by the guest's USB gadget
# Few clips each: cataloguing (ffprobe, thumbnail) costs seconds per clip under software emulation.
# Cameras: LAB0001 plain mass storage; LAB0002 locked (vendor protocol first, no identity file);
# LAB0003 plain with one large clip, for the detach-mid-copy case; LAB0004 locked, control-transfer
# variant; LAB0005 HID-controlled (both: one clip, no identity file).
# Rebuilt only when this script changes.
set -euo pipefail
out="$1"
stamp="$(sha256sum "$0" | cut -c1-16)"
[ -f "$out/.done-$stamp" ] && exit 0
echo "usb-lab: building the camera images" >&2
rm -rf "$out"; mkdir -p "$out"

# A short real H.264 clip with the camera's recording time in its metadata.
clip() { # path seconds pattern creation_time
  ffmpeg -loglevel error -y -f lavfi -i "$3=size=320x240:rate=25" -t "$2" -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -metadata creation_time="$4" "$1"
}
device_json() { # path deviceNumber serial model
  cat > "$1" <<JSON
{"deviceNumber":"$2","serial":"$3","model":"$4","officerNumber":"3201008","officerName":"张伟","unitName":"实验大队","department":"法制科"}
JSON
}
image() { # serial label sizeMiB
  local files="$out/$1/files" img="$out/$1.img"
  mkfs.vfat -C -n "$2" "$img" $(( $3 * 1024 )) >/dev/null
  # mcopy -s copies the folders recursively; -m keeps the modification times.
  (cd "$files" && MTOOLS_SKIP_CHECK=1 mcopy -s -m -i "$img" ./* ::/)
}

mkdir -p "$out/LAB0001/files/DCIM/100MEDIA" "$out/LAB0001/files/EVIDENCE"
clip "$out/LAB0001/files/DCIM/100MEDIA/LAB10001.MP4" 2 testsrc 2026-03-01T02:15:00Z
clip "$out/LAB0001/files/DCIM/100MEDIA/LAB10002.MP4" 3 testsrc2 2026-03-01T02:20:00Z
device_json "$out/LAB0001/files/EVIDENCE/DEVICE.JSON" DSJ-LAB-0001 LAB0001 "DSJ-LAB Recorder"
image LAB0001 LAB0001 16

mkdir -p "$out/LAB0002/files/DCIM/100MEDIA"
clip "$out/LAB0002/files/DCIM/100MEDIA/LAB20001.MP4" 2 testsrc 2026-03-02T03:00:00Z
clip "$out/LAB0002/files/DCIM/100MEDIA/LAB20002.MP4" 2 rgbtestsrc 2026-03-02T03:05:00Z
image LAB0002 LAB0002 16

mkdir -p "$out/LAB0003/files/DCIM/100MEDIA" "$out/LAB0003/files/EVIDENCE"
clip "$out/LAB0003/files/DCIM/100MEDIA/LAB30001.MP4" 2 testsrc 2026-03-03T04:00:00Z
# Noise does not compress: about 70 MB for 7 s. It must span more than the copy engine's buffers in
# flight (3 x 16 MiB read ahead, electron/adapters/vault/copy-settings.ts), or every read may be done
# before the cable is pulled at the first progress report and the dock completes.
ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -vf noise=alls=80:allf=t+u -t 7 \
  -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -metadata creation_time=2026-03-03T04:10:00Z \
  "$out/LAB0003/files/DCIM/100MEDIA/LAB30002.MP4"
device_json "$out/LAB0003/files/EVIDENCE/DEVICE.JSON" DSJ-LAB-0003 LAB0003 "DSJ-LAB Recorder"
image LAB0003 LAB0003 128

mkdir -p "$out/LAB0004/files/DCIM/100MEDIA"
clip "$out/LAB0004/files/DCIM/100MEDIA/LAB40001.MP4" 2 smptebars 2026-03-04T05:00:00Z
image LAB0004 LAB0004 16

mkdir -p "$out/LAB0005/files/DCIM/100MEDIA"
clip "$out/LAB0005/files/DCIM/100MEDIA/LAB50001.MP4" 2 testsrc2 2026-03-05T06:00:00Z
image LAB0005 LAB0005 16

touch "$out/.done-$stamp"
