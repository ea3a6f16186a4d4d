/**
 * libusb's failures in the camera layer's terms (pure, tested). Transfers report a transfer status
 * (LIBUSB_TRANSFER_*), synchronous calls an error code (LIBUSB_ERROR_*); both are in `errno`.
 * The numbers are libusb's ABI (libusb.h) and never change.
 */
import { TransportError } from '../../core/camera/transport.js';

const LIBUSB_ERROR_TIMEOUT = -7;
const LIBUSB_ERROR_NO_DEVICE = -4;
const LIBUSB_ERROR_IO = -1;
const LIBUSB_TRANSFER_TIMED_OUT = 2;
const LIBUSB_TRANSFER_NO_DEVICE = 5;

export function toTransportError(error: unknown, what: string): TransportError {
  if (error instanceof TransportError) return error;
  const errno = typeof error === 'object' && error !== null && 'errno' in error ? (error as { errno: unknown }).errno : undefined;
  const text = error instanceof Error ? error.message : String(error);
  if (errno === LIBUSB_ERROR_TIMEOUT || errno === LIBUSB_TRANSFER_TIMED_OUT) return new TransportError('timeout', `${what}: ${text}`);
  // A device that left the bus mid-transfer shows up as NO_DEVICE, or on some hosts as a plain I/O error.
  if (errno === LIBUSB_ERROR_NO_DEVICE || errno === LIBUSB_TRANSFER_NO_DEVICE || errno === LIBUSB_ERROR_IO) return new TransportError('gone', `${what}: ${text}`);
  return new TransportError('io', `${what}: ${text}`);
}
