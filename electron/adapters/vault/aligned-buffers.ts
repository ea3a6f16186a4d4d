/**
 * Chunk buffers that O_DIRECT accepts - and that make it fast.
 *
 * O_DIRECT needs the buffer's memory address aligned to the device's DMA alignment (512 bytes on this
 * machine's virtio disk, up to 4096 elsewhere), and JavaScript cannot see addresses. Two measurements
 * shaped this file (Node 20, glibc, ext4 on virtio, 8 MiB chunks, cold cache, same source file):
 *
 *  - `Buffer.allocUnsafeSlow` / `SharedArrayBuffer` memory of several MiB comes from an mmap'd malloc
 *    chunk that starts 16 bytes into a page (strace shows addresses ending in ...010). The kernel rejects
 *    offset 0 for O_DIRECT and first accepts offset 496: 512-aligned, but not page-aligned.
 *  - Page alignment matters a lot: buffered read + O_DIRECT write of a 929 MB file ran at 450-600 MB/s
 *    from 512-aligned buffers and at 990-1250 MB/s from page-aligned ones (each 8 MiB write from an
 *    unaligned buffer touches 2049 pages, and the request is split up along the way).
 *
 * So the memory comes from a `WebAssembly.Memory`: V8 reserves wasm memory with its page allocator, so
 * its first byte is always page-aligned (64 KiB-aligned in practice; strace shows ...0000). That is a
 * property of how wasm memory has to be implemented, not of one malloc. The kernel stays the oracle,
 * though: 4096-byte views at offsets 0, 16, 32 ... 4080 are tried with a real O_DIRECT write (or read)
 * until one is accepted - offset 0 at once for wasm memory. A rejected view costs one EINVAL syscall and
 * no disk I/O. Where WebAssembly is unavailable (V8 --jitless), plain memory is probed the same way and
 * direct I/O still works, only slower. Every chunk buffer is carved at `acceptedOffset + i * chunkBytes`;
 * chunkBytes is a multiple of 4096, so all buffers share the probed view's alignment. Slabs are pooled,
 * so probing happens once per process in practice; if the kernel later rejects a buffer anyway (another
 * device), callers fall back to page-cache I/O for that file rather than fail.
 */
import { DIRECT_IO_BLOCK_BYTES } from './chunk-plan.js';

/** malloc and PartitionAlloc both return 16-byte aligned memory, so finer steps could never succeed. */
const PROBE_STEP_BYTES = 16;
const IDLE_SLABS_KEPT = 2;
const WASM_PAGE_BYTES = 64 * 1024;

/** Tries one direct I/O with `view`; resolves false when the kernel rejects the memory (EINVAL). */
export type DirectIoProbe = (view: Buffer) => Promise<boolean>;

export class ChunkBufferSlab {
  private readonly memory: Buffer;
  /** undefined: not probed yet; null: no offset was accepted, direct I/O is impossible with this slab. */
  private acceptedOffset: number | null | undefined;

  constructor(
    readonly chunkBytes: number,
    readonly count: number,
  ) {
    if (chunkBytes <= 0 || chunkBytes % DIRECT_IO_BLOCK_BYTES !== 0) throw new RangeError(`chunkBytes must be a positive multiple of ${DIRECT_IO_BLOCK_BYTES}, got ${chunkBytes}`);
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`buffer count must be >= 1, got ${count}`);
    this.memory = allocatePageAlignedIfPossible(count * chunkBytes + DIRECT_IO_BLOCK_BYTES);
  }

  /** Buffers aligned for direct I/O when a probe succeeded, otherwise plain buffers for page-cache I/O. */
  buffers(): Buffer[] {
    const base = this.acceptedOffset ?? 0;
    return Array.from({ length: this.count }, (_, i) => this.memory.subarray(base + i * this.chunkBytes, base + (i + 1) * this.chunkBytes));
  }

  /** Finds (once) an offset whose memory the kernel accepts for O_DIRECT; false when there is none. */
  async prepareForDirectIo(probe: DirectIoProbe): Promise<boolean> {
    if (this.acceptedOffset !== undefined) return this.acceptedOffset !== null;
    for (let offset = 0; offset < DIRECT_IO_BLOCK_BYTES; offset += PROBE_STEP_BYTES) {
      if (await probe(this.memory.subarray(offset, offset + DIRECT_IO_BLOCK_BYTES))) {
        this.acceptedOffset = offset;
        return true;
      }
    }
    this.acceptedOffset = null;
    return false;
  }
}

/** The one piece of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmMemoryApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
}

/** Page-aligned memory from a WebAssembly.Memory where available (see the top of this file). */
function allocatePageAlignedIfPossible(bytes: number): Buffer {
  const wasm = (globalThis as { WebAssembly?: WasmMemoryApi }).WebAssembly;
  if (wasm !== undefined) {
    try {
      const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
      // The Buffer keeps the ArrayBuffer, and with it the wasm backing store, alive.
      return Buffer.from(new wasm.Memory({ initial: pages, maximum: pages }).buffer, 0, bytes);
    } catch (error) {
      // Out of address space for another wasm memory (or a runtime that forbids it): ordinary memory
      // still works for direct I/O after probing, just slower. A genuine out-of-memory shows up below.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return Buffer.allocUnsafeSlow(bytes);
}

const idleSlabs: ChunkBufferSlab[] = [];

/** A slab for one copy at a time; concurrent ingests each get their own. */
export function acquireSlab(chunkBytes: number, count: number): ChunkBufferSlab {
  const index = idleSlabs.findIndex((slab) => slab.chunkBytes === chunkBytes && slab.count === count);
  if (index >= 0) return idleSlabs.splice(index, 1)[0] as ChunkBufferSlab;
  return new ChunkBufferSlab(chunkBytes, count);
}

export function releaseSlab(slab: ChunkBufferSlab): void {
  if (idleSlabs.length < IDLE_SLABS_KEPT) idleSlabs.push(slab);
}
