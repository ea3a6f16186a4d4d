import { describe, expect, it } from 'vitest';
import { contentTypeFor, extensionOf, UNKNOWN_MEDIA_TYPE } from '../../electron/core/player/media-type.js';

describe('extensionOf', () => {
  it('takes the last extension of the base name, lower-cased', () => {
    expect(extensionOf('20240501_083000_0001.MP4')).toBe('mp4');
    expect(extensionOf('DCIM/100MEDIA/clip.final.Mov')).toBe('mov');
    expect(extensionOf('DCIM\\100MEDIA\\IMG_0001.JPG')).toBe('jpg');
  });

  it('finds none in names without one, hidden files, or dots in folder names', () => {
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('.mp4')).toBe('');
    expect(extensionOf('DCIM.bak/clip')).toBe('');
    expect(extensionOf('')).toBe('');
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['video', 'A001.MP4', 'video/mp4'],
    ['video', 'a001.mov', 'video/quicktime'],
    ['video', 'a001.avi', 'video/x-msvideo'],
    ['video', 'a001.ts', 'video/mp2t'],
    ['photo', 'IMG_0001.JPG', 'image/jpeg'],
    ['photo', 'IMG_0001.jpeg', 'image/jpeg'],
    ['photo', 'IMG_0001.png', 'image/png'],
    ['audio', 'REC001.WAV', 'audio/wav'],
    ['audio', 'REC001.mp3', 'audio/mpeg'],
    ['audio', 'REC001.amr', 'audio/amr'],
  ] as const)('serves a %s named %s as %s', (kind, name, type) => {
    expect(contentTypeFor(kind, name)).toBe(type);
  });

  it('trusts the extension when the catalogue could not tell the kind', () => {
    expect(contentTypeFor('other', 'A001.MP4')).toBe('video/mp4');
  });

  it('claims nothing when kind and extension disagree, or the extension is unknown', () => {
    expect(contentTypeFor('video', 'IMG_0001.JPG')).toBe(UNKNOWN_MEDIA_TYPE);
    expect(contentTypeFor('photo', 'A001.MP4')).toBe(UNKNOWN_MEDIA_TYPE);
    expect(contentTypeFor('video', 'A001.XYZ')).toBe(UNKNOWN_MEDIA_TYPE);
    expect(contentTypeFor('other', 'notes')).toBe(UNKNOWN_MEDIA_TYPE);
  });

  it('is not fooled by names that look like paths or hidden files', () => {
    expect(contentTypeFor('video', '../../etc/passwd')).toBe(UNKNOWN_MEDIA_TYPE);
    expect(contentTypeFor('video', '.mp4')).toBe(UNKNOWN_MEDIA_TYPE);
  });
});
