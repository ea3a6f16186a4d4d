import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkPathComponent,
  checkPathComponents,
  printableName,
  resolveInsideRoot,
  splitRelativePath,
} from '../../electron/adapters/camera/safe-relative-path.js';

const ROOT = path.resolve('/media/camera');

describe('checkPathComponent', () => {
  it.each([
    ['', 'empty'],
    ['.', 'dot'],
    ['..', 'dot-dot'],
    ['a\u0000b', 'nul'],
    ['a\u0001b', 'control-character'],
    ['line\nbreak.MP4', 'control-character'],
    ['del\u007f.MP4', 'control-character'],
    ['c1\u0085.MP4', 'control-character'],
    ['../x', 'slash'],
    ['a\\b.MP4', 'backslash'],
    ['..\\..\\Windows', 'backslash'],
    ['photo\u202Egpj.exe', 'bidi-control'],
    ['x'.repeat(256), 'too-long'],
  ])('refuses %j (%s)', (name, problem) => {
    expect(checkPathComponent(name)).toEqual({ ok: false, problem });
  });

  it.each([
    'DSJ-A8-0007_20250301101530_0001.MP4',
    '现场 照片.JPG',
    'with spaces and (brackets).mp4',
    '...', // three dots is an ordinary (if odd) name, not a parent reference
    '.hidden',
    'CON', // Windows-reserved names are stored as data only, never created as files
    'NUL.txt',
    'x'.repeat(255),
  ])('accepts %j', (name) => {
    expect(checkPathComponent(name)).toEqual({ ok: true });
  });
});

describe('checkPathComponents and splitRelativePath', () => {
  it('refuses parent references anywhere, without normalising them away first', () => {
    expect(checkPathComponents(splitRelativePath('../x'))).toEqual({ ok: false, problem: 'dot-dot' });
    expect(checkPathComponents(splitRelativePath('a/../../b'))).toEqual({ ok: false, problem: 'dot-dot' });
    expect(checkPathComponents(splitRelativePath('DCIM/./100MEDIA'))).toEqual({ ok: false, problem: 'dot' });
    expect(checkPathComponents(splitRelativePath('DCIM//x.MP4'))).toEqual({ ok: false, problem: 'empty' });
    expect(checkPathComponents(splitRelativePath('/etc/passwd'))).toEqual({ ok: false, problem: 'empty' });
  });

  it('accepts an ordinary camera path', () => {
    expect(checkPathComponents(splitRelativePath('DCIM/100MEDIA/现场 照片.JPG'))).toEqual({ ok: true });
  });
});

describe('resolveInsideRoot', () => {
  it('builds the absolute path by joining validated components under the resolved root', () => {
    expect(resolveInsideRoot('/media/camera/', ['DCIM', '100MEDIA', 'A 1.MP4'])).toEqual({
      ok: true,
      absolutePath: path.join(ROOT, 'DCIM', '100MEDIA', 'A 1.MP4'),
      relativePath: 'DCIM/100MEDIA/A 1.MP4',
    });
  });

  it.each([
    [['..', 'x']],
    [['a', '..', '..', 'b']],
    [['a/../../b']],
    [['..\\..\\etc']],
    [['ok', 'a\u0000b']],
    [[]],
  ])('never yields a path for %j', (components) => {
    const result = resolveInsideRoot(ROOT, components);
    expect(result.ok).toBe(false);
  });

  it('every path it does yield stays strictly inside the root', () => {
    const names = ['a', '..', '.', '', 'b c', '\u0001', '现场', '...', 'x\\y', '/abs'];
    for (const first of names) {
      for (const second of names) {
        const result = resolveInsideRoot(ROOT, [first, second]);
        if (!result.ok) continue;
        expect(result.absolutePath.startsWith(ROOT + path.sep)).toBe(true);
        expect(path.relative(ROOT, result.absolutePath).split(path.sep)).not.toContain('..');
      }
    }
  });
});

describe('printableName', () => {
  it('makes invisible and misleading characters visible', () => {
    expect(printableName('BAD\u0001NAME.MP4')).toBe('BAD\\x01NAME.MP4');
    expect(printableName('a\u0000b')).toBe('a\\x00b');
    expect(printableName('photo\u202Egpj.exe')).toBe('photo\\u202Egpj.exe');
    expect(printableName('BACK\\SLASH')).toBe('BACK\\\\SLASH');
    expect(printableName('\uFFFD.MP4')).toBe('\\uFFFD.MP4');
  });

  it('leaves ordinary names, Chinese characters and spaces alone', () => {
    expect(printableName('现场 照片.JPG')).toBe('现场 照片.JPG');
  });
});
