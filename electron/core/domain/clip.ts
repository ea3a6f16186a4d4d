/** A recording as the catalogue knows it. One clip per distinct content (SHA-256). */
import type { ConfidentialityLevel } from './confidentiality.js';

export type MediaKind = 'video' | 'photo' | 'audio' | 'other';

/** Enforcement stages named by every seed regulation (R2.4). */
export const ENFORCEMENT_STAGES = ['procedure-start', 'investigation', 'review-decision', 'service-enforcement', 'other'] as const;
export type EnforcementStage = (typeof ENFORCEMENT_STAGES)[number];

/** Situations that require a long-term copy on disc (R4.3, 004 §13). */
export const LONG_TERM_REASONS = ['evidence', 'dispute', 'obstruction', 'emergency', 'other-long-term'] as const;
export type LongTermReason = (typeof LONG_TERM_REASONS)[number];

export interface ClipLabel {
  caseNumber: string;
  party: string;
  handler: string;
  stage: EnforcementStage;
  location: string;
  causeOfAction?: string;
  notes?: string;
  longTerm?: LongTermReason;
  labelledAt: string;
  labelledBy: string;
}

export interface MediaInfo {
  kind: MediaKind;
  durationMs?: number;
  videoCodec?: string;
  audioCodec?: string;
  width?: number;
  height?: number;
  /** Frames per second of the video (the supervisor's frame step); absent when unknown. */
  frameRate?: number;
  /** Recording start as written into the file by the camera (MP4 creation_time, EXIF), ISO 8601. */
  recordedAt?: string;
  /** Set when the file is unreadable or truncated: a plain explanation, the original is kept as is. */
  damaged?: string;
}

export interface CameraIdentity {
  deviceNumber: string;
  serial?: string;
  model?: string;
  officerNumber?: string;
  officerName?: string;
  unitName?: string;
  department?: string;
  /** Issue B: the unit number a GA/T 947.4 camera reports (单位编号). */
  unitNumber?: string;
}

export interface Clip {
  /** Lower-case hex SHA-256 of the content; also the vault key. */
  id: string;
  size: number;
  kind: MediaKind;
  /** Name as the camera wrote it; data only, never used as a path. */
  originalName: string;
  /** Path relative to the camera root, '/'-separated, as data. */
  originalPath: string;
  camera: CameraIdentity;
  /** Camera clock: file modification time on the camera volume (ISO). */
  cameraMtime: string;
  /** Camera clock minus station clock at docking, ms (positive = camera ahead). */
  clockOffsetMs: number;
  /** Station clock when the verified copy was committed (ISO). */
  receivedAt: string;
  dockSessionId: string;
  media: MediaInfo;
  hasThumbnail: boolean;
  label?: ClipLabel;
  /** Hand-in later than the agency limit (R1.1); reason asked of the officer. */
  late?: { hoursAfterRecording: number; reason?: string };
  /** Further dockings of the same content. */
  seenAgain?: { dockSessionId: string; at: string; originalPath: string }[];
  /**
   * Issue F: the 科室 the clip belongs to (the camera's registered department, else the docking
   * officer's). Undefined on clips catalogued before accounts existed: only bureau-wide roles see them.
   */
  department?: string;
  /** Issue F: the clip's own level; undefined = 'ordinary'. The effective level is the higher of clip and case. */
  confidentiality?: ConfidentialityLevel;
}

export function isLabelled(clip: Pick<Clip, 'label'>): boolean {
  return clip.label !== undefined;
}
