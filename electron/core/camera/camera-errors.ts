/**
 * What can go wrong talking to a camera, as values with stable codes (the UI and CLI word them).
 * Each carries what was expected and what actually came, for the log and the Dock screen.
 */
import { StationError, type CameraErrorCode } from '../domain/errors.js';

export class CameraControlError extends StationError {
  constructor(
    code: CameraErrorCode,
    message: string,
    readonly expected: string,
    readonly actual: string,
    params: Record<string, string | number> = {},
  ) {
    super(code, message, { expected, actual, ...params });
    this.name = 'CameraControlError';
  }
}

/** The camera answered ERR;PASSWORD to the login. */
export function wrongPassword(command: string, answer: string): CameraControlError {
  return new CameraControlError('CAMERA_WRONG_PASSWORD', `the camera refused the password (${command})`, `@${command};OK;#`, answer, { command });
}

/** No answer within the timeout. */
export function noAnswer(command: string, timeoutMs: number): CameraControlError {
  return new CameraControlError('CAMERA_NO_ANSWER', `the camera did not answer ${command} within ${timeoutMs} ms`, `an answer to ${command} within ${timeoutMs} ms`, 'nothing', { command, timeoutMs });
}

/** An answer that is not a frame of the protocol, or not the answer to what was asked. */
export function garbageAnswer(command: string, expected: string, actual: string): CameraControlError {
  return new CameraControlError('CAMERA_GARBAGE_ANSWER', `the camera's answer to ${command} is not understood`, expected, actual, { command });
}

/** The device disappeared (unplugged, re-enumerated) while we talked to it. */
export function deviceGone(command: string, detail: string): CameraControlError {
  return new CameraControlError('CAMERA_GONE', `the camera went away during ${command}: ${detail}`, 'the device present', 'device gone', { command });
}

/** A well-formed ERR answer other than a wrong password (NOLOGIN, BADCMD, BADARG). */
export function refusedCommand(command: string, errorCode: string, answer: string): CameraControlError {
  return new CameraControlError('CAMERA_REFUSED_COMMAND', `the camera refused ${command}: ${errorCode}`, `@${command};OK;...#`, answer, { command, errorCode });
}

/** Printable form of device bytes for messages: text as is, control bytes escaped, bounded. */
export function printableBytes(bytes: Uint8Array, max = 120): string {
  let text = '';
  for (const byte of bytes.subarray(0, max)) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return bytes.length > max ? `${text}...(${bytes.length} bytes)` : text;
}
