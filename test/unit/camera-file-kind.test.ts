import { describe, expect, it } from 'vitest';
import { cameraFileKind, isSkippedEntry } from '../../electron/adapters/camera/camera-file-kind.js';

const at = (relativePath: string): string[] => relativePath.split('/');

describe('cameraFileKind', () => {
  it.each([
    ['DCIM/100MEDIA/A_0001.MP4', 'video'],
    ['DCIM/100MEDIA/a.mov', 'video'],
    ['VIDEO/b.TS', 'video'],
    ['x.mkv', 'video'],
    ['DCIM/100MEDIA/P.JPG', 'photo'],
    ['PHOTO/p.jpeg', 'photo'],
    ['p.png', 'photo'],
    ['RECORD/r.WAV', 'audio'],
    ['a.amr', 'audio'],
    ['a.M4A', 'audio'],
  ] as const)('%s is %s by extension', (relativePath, kind) => {
    expect(cameraFileKind(at(relativePath))).toBe(kind);
  });

  it('keeps unknown files inside media folders as "other" and ignores them elsewhere', () => {
    expect(cameraFileKind(at('DCIM/100MEDIA/INDEX.DAT'))).toBe('other');
    expect(cameraFileKind(at('dcim/NOEXT'))).toBe('other');
    expect(cameraFileKind(at('LOG/SYSTEM.LOG'))).toBeUndefined();
    expect(cameraFileKind(at('EVIDENCE/DEVICE.JSON'))).toBeUndefined();
    expect(cameraFileKind(at('DCIM'))).toBeUndefined(); // a top-level file named like a media folder
    expect(cameraFileKind(at('.mp4'))).toBeUndefined(); // a dot-file, not an extension
  });
});

describe('isSkippedEntry', () => {
  it('skips operating-system housekeeping, case-insensitively', () => {
    expect(isSkippedEntry(['System Volume Information'], true)).toBe(true);
    expect(isSkippedEntry(['$RECYCLE.BIN'], true)).toBe(true);
    expect(isSkippedEntry(['.Trashes'], true)).toBe(true);
    expect(isSkippedEntry(['DCIM', '._A_0001.MP4'], false)).toBe(true);
    expect(isSkippedEntry(['DCIM', '.DS_Store'], false)).toBe(true);
    expect(isSkippedEntry(['DCIM', 'thumbs.db'], false)).toBe(true);
  });

  it('does not skip camera folders, the identity folder, or ordinary files', () => {
    expect(isSkippedEntry(['DCIM'], true)).toBe(false);
    expect(isSkippedEntry(['EVIDENCE'], true)).toBe(false);
    expect(isSkippedEntry(['DCIM', '100MEDIA', 'A_0001.MP4'], false)).toBe(false);
  });
});
