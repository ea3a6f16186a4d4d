import { describe, expect, it } from 'vitest';
import { captureTimeToIso, readExifCaptureTime } from '../../electron/adapters/media/exif-date.js';

interface AsciiTag {
  tag: number;
  text: string;
}

/**
 * A minimal TIFF/EXIF block: IFD0 (optional DateTime + pointer to the EXIF IFD) and an EXIF IFD with
 * the given ASCII tags. Enough structure to exercise both byte orders and the bounds checks.
 */
function buildExif(options: { littleEndian: boolean; exifTags: AsciiTag[]; ifd0DateTime?: string; withHeader?: boolean }): Uint8Array {
  const { littleEndian } = options;
  const ifd0Tags: Array<{ tag: number; type: number; count: number; value: number | string }> = [];
  if (options.ifd0DateTime !== undefined) ifd0Tags.push({ tag: 0x0132, type: 2, count: options.ifd0DateTime.length + 1, value: options.ifd0DateTime });
  ifd0Tags.push({ tag: 0x8769, type: 4, count: 1, value: 0 }); // patched below

  const ifd0Offset = 8;
  const ifdSize = (count: number): number => 2 + count * 12 + 4;
  const exifIfdOffset = ifd0Offset + ifdSize(ifd0Tags.length);
  let dataOffset = exifIfdOffset + ifdSize(options.exifTags.length);
  const buffer = new Uint8Array(1024);
  const view = new DataView(buffer.buffer);
  buffer.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, ifd0Offset, littleEndian);

  const writeIfd = (offset: number, entries: Array<{ tag: number; type: number; count: number; value: number | string }>): void => {
    view.setUint16(offset, entries.length, littleEndian);
    entries.forEach((entry, index) => {
      const at = offset + 2 + index * 12;
      view.setUint16(at, entry.tag, littleEndian);
      view.setUint16(at + 2, entry.type, littleEndian);
      view.setUint32(at + 4, entry.count, littleEndian);
      if (typeof entry.value === 'number') {
        view.setUint32(at + 8, entry.value, littleEndian);
      } else {
        view.setUint32(at + 8, dataOffset, littleEndian);
        buffer.set([...Buffer.from(entry.value, 'latin1'), 0], dataOffset);
        dataOffset += entry.count;
      }
    });
  };
  const pointer = ifd0Tags.find((entry) => entry.tag === 0x8769);
  if (pointer !== undefined) pointer.value = exifIfdOffset;
  writeIfd(ifd0Offset, ifd0Tags);
  writeIfd(exifIfdOffset, options.exifTags.map((entry) => ({ tag: entry.tag, type: 2, count: entry.text.length + 1, value: entry.text })));
  const tiff = buffer.subarray(0, dataOffset);
  return options.withHeader === true ? new Uint8Array([...Buffer.from('Exif\0\0', 'latin1'), ...tiff]) : tiff;
}

describe('readExifCaptureTime', () => {
  it('reads DateTimeOriginal with its UTC offset (little-endian, "Exif" header as sharp returns it)', () => {
    const exif = buildExif({
      littleEndian: true,
      withHeader: true,
      exifTags: [
        { tag: 0x9003, text: '2025:03:01 10:15:30' },
        { tag: 0x9011, text: '+08:00' },
      ],
    });
    const time = readExifCaptureTime(exif);
    expect(time).toEqual({ localDateTime: '2025-03-01T10:15:30', utcOffset: '+08:00' });
    expect(time === undefined ? undefined : captureTimeToIso(time)).toBe('2025-03-01T02:15:30.000Z');
  });

  it('reads big-endian blocks and falls back to DateTimeDigitized', () => {
    const exif = buildExif({ littleEndian: false, exifTags: [{ tag: 0x9004, text: '2024:12:31 23:59:59' }] });
    expect(readExifCaptureTime(exif)).toEqual({ localDateTime: '2024-12-31T23:59:59' });
  });

  it('falls back to IFD0 DateTime when the EXIF IFD has no capture time', () => {
    const exif = buildExif({ littleEndian: true, exifTags: [], ifd0DateTime: '2023:06:15 08:00:00' });
    expect(readExifCaptureTime(exif)).toEqual({ localDateTime: '2023-06-15T08:00:00' });
  });

  it('treats an unset camera clock (zeros) as no date, and ignores a malformed offset', () => {
    expect(readExifCaptureTime(buildExif({ littleEndian: true, exifTags: [{ tag: 0x9003, text: '0000:00:00 00:00:00' }] }))).toBeUndefined();
    const badOffset = buildExif({ littleEndian: true, exifTags: [{ tag: 0x9003, text: '2025:03:01 10:15:30' }, { tag: 0x9011, text: 'CST' }] });
    expect(readExifCaptureTime(badOffset)).toEqual({ localDateTime: '2025-03-01T10:15:30' });
  });

  it('returns undefined for truncated or foreign bytes instead of throwing', () => {
    const good = buildExif({ littleEndian: true, exifTags: [{ tag: 0x9003, text: '2025:03:01 10:15:30' }] });
    for (let length = 0; length < good.length; length += 1) {
      expect(() => readExifCaptureTime(good.subarray(0, length))).not.toThrow();
    }
    expect(readExifCaptureTime(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBeUndefined();
    expect(readExifCaptureTime(new Uint8Array(0))).toBeUndefined();
  });

  it('survives entry offsets that point outside the block', () => {
    const exif = buildExif({ littleEndian: true, exifTags: [{ tag: 0x9003, text: '2025:03:01 10:15:30' }] });
    const corrupt = new Uint8Array(exif);
    new DataView(corrupt.buffer).setUint32(4, 0xfffffff0, true); // IFD0 offset far beyond the end
    expect(readExifCaptureTime(corrupt)).toBeUndefined();
  });
});
