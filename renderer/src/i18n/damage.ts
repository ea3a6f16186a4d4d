/**
 * The fixed English explanations the station stores for damaged media (MediaInfo.damaged, written by
 * electron/adapters/media/parse-ffprobe.ts), keyed by kind so the UI can word them in zh-CN. A copy,
 * because the renderer may import only the contract; test/unit/renderer-rules.test.ts checks it
 * against the original.
 */
const KEPT = 'The original is kept unchanged.';

export const DAMAGE_EXPLANATIONS = {
  'missing-index': `The file has no index (moov atom), which is typical when recording stopped abruptly (battery ran out or the camera was switched off mid-recording), so it cannot be played as is. ${KEPT}`,
  'empty-file': `The file is empty (0 bytes); the camera created it but wrote no recording into it. ${KEPT}`,
  'format-not-accepted': `The file's content is not a video, audio or photo format the station opens (it may be a disguised playlist or script), so it is not played. ${KEPT}`,
  'unrecognised-content': `The file's content is not a recognisable recording; it is damaged or not a media file. ${KEPT}`,
  'no-media-streams': `The file contains no video or audio track. ${KEPT}`,
  'image-undecodable': `The photo could not be decoded; it is damaged or not an image. ${KEPT}`,
  'timed-out': `Reading the file's media information took too long and was stopped; the file may be damaged. ${KEPT}`,
  unreadable: `The file could not be read to describe it. ${KEPT}`,
} as const;
