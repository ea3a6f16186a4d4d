/** Reads the first bytes of a file (for format sniffing) without reading the rest. */
import { open } from 'node:fs/promises';

export async function readFileHead(filePath: string, byteCount: number): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(byteCount);
    const { bytesRead } = await handle.read(buffer, 0, byteCount, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
