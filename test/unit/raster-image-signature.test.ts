import { describe, expect, it } from 'vitest';
import { rasterImageFormat } from '../../electron/adapters/media/raster-image-signature.js';

const bytes = (...values: Array<number | string>): Uint8Array =>
  new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? [...Buffer.from(value, 'latin1')] : [value])));

describe('rasterImageFormat', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0, 'Exif')],
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBP')],
    ['tiff', bytes('II', 0x2a, 0, 8, 0, 0, 0)],
    ['tiff', bytes('MM', 0, 0x2a, 0, 0, 0, 8)],
    ['gif', bytes('GIF89a')],
    ['heif', bytes(0, 0, 0, 0x18, 'ftypheic')],
  ] as const)('recognises %s', (format, head) => {
    expect(rasterImageFormat(head)).toBe(format);
  });

  it.each([
    ['SVG', bytes('<?xml version="1.0"?><svg')],
    ['bare SVG', bytes('<svg xmlns=')],
    ['PDF', bytes('%PDF-1.7')],
    ['MP4', bytes(0, 0, 0, 0x18, 'ftypisom')],
    ['empty', bytes()],
    ['half a JPEG marker', bytes(0xff, 0xd8)],
  ])('refuses %s', (_label, head) => {
    expect(rasterImageFormat(head)).toBeUndefined();
  });
});
