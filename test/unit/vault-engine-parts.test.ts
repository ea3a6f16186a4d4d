/** Small parts of the copy engine: buffer alignment probing, progress rate limiting, error mapping. */
import { describe, expect, it } from 'vitest';
import { ChunkBufferSlab } from '../../electron/adapters/vault/aligned-buffers.js';
import { destinationFailure, sourceFailure } from '../../electron/adapters/vault/io-errors.js';
import { ProgressThrottle } from '../../electron/adapters/vault/progress-throttle.js';
import { StationError } from '../../electron/core/domain/errors.js';
import type { CopyProgress } from '../../electron/core/ports.js';

const KiB = 1024;

function errno(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('ChunkBufferSlab', () => {
  it('carves every buffer at the offset the kernel accepted, probing only once', async () => {
    const slab = new ChunkBufferSlab(64 * KiB, 3);
    const probedOffsets: number[] = [];
    // Pretend the device needs 512-byte alignment and the slab starts 16 bytes into a page (glibc mmap).
    const probe = async (view: Buffer): Promise<boolean> => {
      const offset = view.byteOffset - slab.buffers()[0]!.byteOffset;
      probedOffsets.push(offset);
      return (16 + offset) % 512 === 0;
    };

    expect(await slab.prepareForDirectIo(probe)).toBe(true);
    expect(await slab.prepareForDirectIo(probe)).toBe(true);

    expect(probedOffsets.at(-1)).toBe(496);
    expect(probedOffsets).toHaveLength(496 / 16 + 1);
    const buffers = slab.buffers();
    expect(buffers).toHaveLength(3);
    buffers.forEach((buffer, i) => {
      expect(buffer.length).toBe(64 * KiB);
      expect(buffer.byteOffset - buffers[0]!.byteOffset).toBe(i * 64 * KiB);
    });
  });

  it('reports direct I/O impossible when no offset is accepted', async () => {
    const slab = new ChunkBufferSlab(4 * KiB, 2);
    let probes = 0;
    expect(
      await slab.prepareForDirectIo(async () => {
        probes += 1;
        return false;
      }),
    ).toBe(false);
    expect(probes).toBe(4096 / 16);
  });

  it('refuses chunk sizes that are not whole blocks', () => {
    expect(() => new ChunkBufferSlab(1000, 2)).toThrow(RangeError);
  });
});

describe('ProgressThrottle', () => {
  it('reports at most once per interval and always the end of a phase', () => {
    let now = 0;
    const reports: CopyProgress[] = [];
    const throttle = new ProgressThrottle((p) => reports.push(p), 1000, 100, () => now);

    throttle.update('copying', 10); // first report goes out at once
    now = 50;
    throttle.update('copying', 20); // too soon
    now = 100;
    throttle.update('copying', 30);
    now = 120;
    throttle.complete('copying'); // the end always goes out
    now = 130;
    throttle.update('verifying', 5); // too soon after the last report

    expect(reports).toEqual([
      { phase: 'copying', bytesDone: 10, bytesTotal: 1000 },
      { phase: 'copying', bytesDone: 30, bytesTotal: 1000 },
      { phase: 'copying', bytesDone: 1000, bytesTotal: 1000 },
    ]);
  });
});

describe('error mapping', () => {
  it('treats a camera that went away as SOURCE_VANISHED and other read errors as SOURCE_READ_FAILED', () => {
    for (const code of ['ENOENT', 'EIO', 'ENODEV']) {
      expect(sourceFailure(errno(code), '/cam/A.MP4')).toMatchObject({ code: 'SOURCE_VANISHED', params: { errno: code } });
    }
    expect(sourceFailure(errno('EACCES'), '/cam/A.MP4')).toMatchObject({ code: 'SOURCE_READ_FAILED', params: { errno: 'EACCES' } });
  });

  it('maps ENOSPC to DISK_FULL with needed and free, and other write errors to WRITE_FAILED with the errno', async () => {
    const full = await destinationFailure(errno('ENOSPC'), '/tmp/x.part', 12345, 'write');
    expect(full).toBeInstanceOf(StationError);
    expect(full).toMatchObject({ code: 'DISK_FULL', params: { needed: 12345, errno: 'ENOSPC' } });
    expect(typeof (full as StationError).params.free).toBe('number');

    const readOnly = await destinationFailure(errno('EROFS'), '/tmp/x.part', 1, 'fsync');
    expect(readOnly).toMatchObject({ code: 'WRITE_FAILED', params: { errno: 'EROFS', stage: 'fsync' } });
  });

  it('passes anything that is not an errno failure through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    expect(sourceFailure(abort, '/cam/A.MP4')).toBe(abort);
    const bug = new TypeError('bug');
    expect(await destinationFailure(bug, '/x', 1, 'write')).toBe(bug);
  });
});
