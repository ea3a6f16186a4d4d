/**
 * Arguments that make ffmpeg / ffprobe treat a file from a camera as plain local data.
 *
 * ffmpeg picks a demuxer by content, not by extension: a ".MP4" that is really an HLS playlist or a
 * concat script can make ffmpeg open other local files or network URLs, and a thumbnail would then
 * show content that was never on the camera. So only the local-file protocol and the container
 * formats that recorders actually write are accepted. The `file:` prefix stops a path that looks like
 * "http:..." or starts with "-" from being read as a URL or an option.
 */
import path from 'node:path';

/** Demuxer names (any name of a multi-name demuxer matches, e.g. "mov" covers mp4). */
export const ACCEPTED_CONTAINER_FORMATS = [
  'mov', 'matroska', 'avi', 'mpegts', 'mpeg', 'flv', 'asf', 'h264', 'hevc',
  'wav', 'mp3', 'aac', 'amr', 'flac', 'ogg',
  'jpeg_pipe', 'png_pipe',
].join(',');

/** Options to place before `-i` (they apply to the input that follows). */
export function untrustedInputOptions(): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', ACCEPTED_CONTAINER_FORMATS];
}

export function localFileUrl(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}
