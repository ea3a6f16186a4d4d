/**
 * HTTP byte ranges (RFC 9110 §14) for streaming footage: the <video> element seeks by asking for
 * `Range: bytes=a-b`, and a 2-hour body-camera file must not be sent whole for every seek.
 * Pure so both hosts (Electron's media protocol and the loopback web host) answer alike.
 */

/** What to send for one request. `start`/`end` are inclusive byte offsets, as in Content-Range. */
export type ByteRange =
  /** No Range header, or one the spec lets (or tells) us ignore: answer 200 with the whole file. */
  | { kind: 'full' }
  /** Answer 206 with `Content-Range: bytes start-end/size`. */
  | { kind: 'partial'; start: number; end: number }
  /** Answer 416; its Content-Range names only the size (see contentRangeHeader). */
  | { kind: 'unsatisfiable' };

const FULL: ByteRange = { kind: 'full' };
const UNSATISFIABLE: ByteRange = { kind: 'unsatisfiable' };

// range-spec = int-range / suffix-range; int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length
const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/**
 * Reads a Range header against a representation of `size` bytes.
 *
 * - `bytes=a-b`, `bytes=a-`, `bytes=-n` give one partial range; `b` past the end is clamped.
 * - A first position at or past the end, or `bytes=-0`, cannot be satisfied: 416.
 * - Anything malformed (other units, `b < a`, junk) is ignored and the whole file is sent: RFC 9110
 *   §14.2 tells servers to ignore ranges they do not understand, and a 416 there would break
 *   clients that sent something odd but harmless.
 * - Several ranges (`bytes=0-1,5-6`) are ignored too (200, whole file). §14.2 always allows a
 *   server to ignore Range; answering 206 with only the first range would answer a question the
 *   client did not ask, and multipart/byteranges buys nothing here: media elements never send
 *   more than one range.
 * - A zero-length file has no byte to point at, so even a satisfiable suffix range gets the
 *   (empty) whole file rather than an inexpressible `bytes 0--1/0`.
 */
export function parseRangeHeader(header: string | null | undefined, size: number): ByteRange {
  if (header === undefined || header === null) return FULL;
  const equals = header.indexOf('=');
  if (equals < 0) return FULL;
  // Range units are case-insensitive (§14.1); whitespace around the "=" is not allowed but harmless.
  if (header.slice(0, equals).trim().toLowerCase() !== 'bytes') return FULL;
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim());
  // `1#range-spec` list syntax tolerates empty elements ("bytes=0-1,"); they carry nothing.
  const nonEmpty = specs.filter((spec) => spec !== '');
  if (nonEmpty.length !== 1) return FULL;
  const spec = nonEmpty[0] ?? '';

  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    if (length === 0) return UNSATISFIABLE;
    if (size === 0) return FULL;
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }

  const interval = INT_RANGE.exec(spec);
  if (!interval) return FULL;
  const start = Number(interval[1]);
  const last = interval[2] === '' || interval[2] === undefined ? undefined : Number(interval[2]);
  if (last !== undefined && last < start) return FULL;
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'partial', start, end: Math.min(last ?? size - 1, size - 1) };
}

/** The Content-Range value for a 206 or 416 answer. */
export function contentRangeHeader(range: ByteRange, size: number): string | undefined {
  if (range.kind === 'partial') return `bytes ${range.start}-${range.end}/${size}`;
  if (range.kind === 'unsatisfiable') return `bytes */${size}`;
  return undefined;
}
