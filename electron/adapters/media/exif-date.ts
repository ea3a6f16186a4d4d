/**
 * Pure reader of the capture time in an EXIF block (as sharp's `metadata().exif` returns it).
 * Only the few tags needed are read, with every offset bounds-checked: the bytes come from a camera
 * and may be truncated or hostile.
 */

/** EXIF stores wall-clock time with an optional separate UTC offset tag (EXIF 2.31+). */
export interface ExifCaptureTime {
  /** 'YYYY-MM-DDTHH:mm:ss', camera wall-clock time. */
  localDateTime: string;
  /** '+08:00' style, when the camera wrote OffsetTimeOriginal / OffsetTime. */
  utcOffset?: string;
}

const TAG_EXIF_IFD_POINTER = 0x8769;
const TAG_DATE_TIME = 0x0132;
const TAG_OFFSET_TIME = 0x9010;
const TAG_DATE_TIME_ORIGINAL = 0x9003;
const TAG_OFFSET_TIME_ORIGINAL = 0x9011;
const TAG_DATE_TIME_DIGITIZED = 0x9004;
const TAG_OFFSET_TIME_DIGITIZED = 0x9012;
const TYPE_ASCII = 2;
const TYPE_LONG = 4;
const IFD_ENTRY_BYTES = 12;

class TiffView {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly littleEndian: boolean,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  uint16(offset: number): number | undefined {
    if (offset < 0 || offset + 2 > this.bytes.length) return undefined;
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).getUint16(offset, this.littleEndian);
  }

  uint32(offset: number): number | undefined {
    if (offset < 0 || offset + 4 > this.bytes.length) return undefined;
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).getUint32(offset, this.littleEndian);
  }

  ascii(offset: number, length: number): string | undefined {
    if (offset < 0 || length < 0 || offset + length > this.bytes.length) return undefined;
    let text = '';
    for (const byte of this.bytes.subarray(offset, offset + length)) {
      if (byte === 0) break;
      text += String.fromCharCode(byte);
    }
    return text;
  }
}

interface IfdEntry {
  type: number;
  count: number;
  /** Offset of the 4-byte value field inside the TIFF block. */
  valueFieldOffset: number;
}

function readIfd(view: TiffView, ifdOffset: number): Map<number, IfdEntry> {
  const entries = new Map<number, IfdEntry>();
  const entryCount = view.uint16(ifdOffset);
  if (entryCount === undefined) return entries;
  for (let index = 0; index < entryCount; index += 1) {
    const entryOffset = ifdOffset + 2 + index * IFD_ENTRY_BYTES;
    const tag = view.uint16(entryOffset);
    const type = view.uint16(entryOffset + 2);
    const count = view.uint32(entryOffset + 4);
    if (tag === undefined || type === undefined || count === undefined) break;
    entries.set(tag, { type, count, valueFieldOffset: entryOffset + 8 });
  }
  return entries;
}

function asciiValue(view: TiffView, entry: IfdEntry | undefined): string | undefined {
  if (entry === undefined || entry.type !== TYPE_ASCII || entry.count > 64) return undefined;
  // Values of up to 4 bytes live in the entry itself; longer ones are elsewhere, at an offset.
  const dataOffset = entry.count <= 4 ? entry.valueFieldOffset : view.uint32(entry.valueFieldOffset);
  return dataOffset === undefined ? undefined : view.ascii(dataOffset, entry.count)?.trim();
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const EXIF_OFFSET = /^[+-]\d{2}:\d{2}$/;

function toLocalDateTime(exifDate: string | undefined): string | undefined {
  const match = exifDate === undefined ? null : EXIF_DATE.exec(exifDate);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  // Cameras with an unset clock write zeros; that is "no date", not year 0.
  if (year === '0000' || month === '00' || day === '00') return undefined;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}`;
}

function tiffStart(exif: Uint8Array): number {
  // sharp (and JPEG APP1) prefix the TIFF block with "Exif\0\0".
  const hasExifHeader = exif.length >= 6 && String.fromCharCode(...exif.subarray(0, 4)) === 'Exif' && exif[4] === 0 && exif[5] === 0;
  return hasExifHeader ? 6 : 0;
}

/** Capture time from DateTimeOriginal, else DateTimeDigitized, else IFD0 DateTime; undefined if none. */
export function readExifCaptureTime(exif: Uint8Array): ExifCaptureTime | undefined {
  const tiff = exif.subarray(tiffStart(exif));
  if (tiff.length < 8) return undefined;
  const byteOrder = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (byteOrder !== 'II' && byteOrder !== 'MM') return undefined;
  const view = new TiffView(tiff, byteOrder === 'II');
  if (view.uint16(2) !== 42) return undefined;
  const ifd0Offset = view.uint32(4);
  if (ifd0Offset === undefined) return undefined;

  const ifd0 = readIfd(view, ifd0Offset);
  const pointer = ifd0.get(TAG_EXIF_IFD_POINTER);
  const exifIfdOffset = pointer !== undefined && pointer.type === TYPE_LONG ? view.uint32(pointer.valueFieldOffset) : undefined;
  const exifIfd = exifIfdOffset === undefined || exifIfdOffset >= view.length ? new Map<number, IfdEntry>() : readIfd(view, exifIfdOffset);

  // IFD0 DateTime is the last-change time; for an unedited camera file it equals capture time.
  const candidates: Array<[IfdEntry | undefined, IfdEntry | undefined]> = [
    [exifIfd.get(TAG_DATE_TIME_ORIGINAL), exifIfd.get(TAG_OFFSET_TIME_ORIGINAL)],
    [exifIfd.get(TAG_DATE_TIME_DIGITIZED), exifIfd.get(TAG_OFFSET_TIME_DIGITIZED)],
    [ifd0.get(TAG_DATE_TIME), exifIfd.get(TAG_OFFSET_TIME)],
  ];
  for (const [dateEntry, offsetEntry] of candidates) {
    const localDateTime = toLocalDateTime(asciiValue(view, dateEntry));
    if (localDateTime === undefined) continue;
    const utcOffset = asciiValue(view, offsetEntry);
    return utcOffset !== undefined && EXIF_OFFSET.test(utcOffset) ? { localDateTime, utcOffset } : { localDateTime };
  }
  return undefined;
}

/**
 * ISO instant of a capture time. Without an offset tag the wall-clock time is read in the station's
 * time zone: cameras are set to local time by the bureau that issues them.
 */
export function captureTimeToIso(captureTime: ExifCaptureTime): string | undefined {
  const text = captureTime.utcOffset === undefined ? captureTime.localDateTime : `${captureTime.localDateTime}${captureTime.utcOffset}`;
  const time = Date.parse(text);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}
