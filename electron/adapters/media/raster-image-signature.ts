/**
 * Recognises raster photo formats by their first bytes. sharp picks a decoder by content, so a
 * ".JPG" that is really SVG (or PDF) would be rendered by a vector engine that can pull in other
 * files; only the formats below are ever handed to sharp as photos. Pure.
 */

export type RasterImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'heif';

/** Bytes needed to recognise every format below. */
export const SIGNATURE_BYTES = 12;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1', 'avif']);

function ascii(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, end));
}

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((byte, index) => head[index] === byte);
}

export function rasterImageFormat(head: Uint8Array): RasterImageFormat | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(head, 0, 4) === 'GIF8') return 'gif';
  if (ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))) return 'heif';
  return undefined;
}
