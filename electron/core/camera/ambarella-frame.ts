/**
 * The text frames of the Ambarella-based recorder protocols (docs/camera-protocols.md):
 *   command  `@<Cmd>;<field>;...;#`        e.g. `@Ver;8;000000;#`, `@Gdv;#`
 *   answer   `@<Cmd>;OK;<field>;...;#`  or  `@<Cmd>;ERR;<CODE>;#`
 * UTF-8 text, fields never contain ';' or '#'. Pure: bytes in, values out.
 */

export const MAX_FRAME_BYTES = 512;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FIELD_FORBIDDEN = /[;#\u0000-\u001f\u007f]/;
const COMMAND_NAME = /^[A-Za-z]{2,8}$/;

export type FrameAnswer = { ok: true; fields: string[] } | { ok: false; errorCode: string };

export type FrameParse = { valid: true; answer: FrameAnswer } | { valid: false; reason: string };

/** A field the station sends (password, date): refused rather than sent when it would break the frame. */
export function isSendableField(value: string): boolean {
  return !FIELD_FORBIDDEN.test(value);
}

export function encodeCommand(command: string, fields: readonly string[] = []): Uint8Array {
  if (!COMMAND_NAME.test(command)) throw new RangeError(`not a command name: ${command}`);
  for (const field of fields) if (!isSendableField(field)) throw new RangeError(`field of ${command} contains a frame separator or control character`);
  const bytes = new TextEncoder().encode(`@${[command, ...fields].map((part) => `${part};`).join('')}#`);
  if (bytes.length > MAX_FRAME_BYTES) throw new RangeError(`frame for ${command} is ${bytes.length} bytes, more than ${MAX_FRAME_BYTES}`);
  return bytes;
}

/**
 * Parses one answer frame to `command`. Strict: well-formed UTF-8, '@' first, '#' last, every part
 * terminated by ';', the command echoed, status OK or ERR with one code. Anything else is garbage.
 */
export function parseAnswer(command: string, bytes: Uint8Array): FrameParse {
  if (bytes.length === 0) return { valid: false, reason: 'empty answer' };
  if (bytes.length > MAX_FRAME_BYTES) return { valid: false, reason: `answer of ${bytes.length} bytes is longer than ${MAX_FRAME_BYTES}` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { valid: false, reason: 'answer is not UTF-8 text' };
  }
  if (!text.startsWith('@') || !text.endsWith(';#')) return { valid: false, reason: "answer is not framed by '@' ... ';#'" };
  const body = text.slice(1, -2);
  if (body.includes('#')) return { valid: false, reason: "answer holds more than one frame ('#' inside)" };
  const parts = body.split(';');
  const [echoed, status, ...fields] = parts;
  if (echoed !== command) return { valid: false, reason: `answer is for '${echoed ?? ''}', not '${command}'` };
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (fields.some((field) => /[\u0000-\u001f\u007f]/.test(field))) return { valid: false, reason: 'answer holds control characters' };
  if (status === 'OK') return { valid: true, answer: { ok: true, fields } };
  if (status === 'ERR' && fields.length === 1 && /^[A-Z]{2,16}$/.test(fields[0] ?? '')) return { valid: true, answer: { ok: false, errorCode: fields[0] ?? '' } };
  return { valid: false, reason: `status '${status ?? ''}' is neither OK nor ERR;<CODE>` };
}
