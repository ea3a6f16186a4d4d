import type { ConfidentialityLevel } from './confidentiality.js';
import type { Role } from './roles.js';

/** 'registered-only': unregistered, unbound, retired or in-repair cameras are refused (docs/cameras.md). */
export type CameraAdmission = 'registered-only' | 'any-camera';

export interface AgencySettings {
  agencyName: string;
  /** R1.1: hours from recording to hand-in (24 by default; one bureau allows 48). */
  handInLimitHours: number;
  /** Case number pattern (a JavaScript regular expression source, anchored by the station). */
  caseNumberPattern: string;
  /** Example shown next to the field and in error messages. */
  caseNumberExample: string;
  /** Hours after which an unlabelled clip counts as overdue in the supervisor view. */
  labelOverdueHours: number;
  /** Minutes between consecutive clips of one device that count as a recording gap (R1.3). */
  gapThresholdMinutes: number;
  /** Never true by default: deleting from a camera needs every file verified first. */
  deleteFromCameraAfterVerify: boolean;
  /** Whether the station may set the camera's clock at docking (audited). */
  syncCameraClock: boolean;
  /** Days between two scheduled fixity checks of the whole vault (R3.2: storage verified, not assumed). */
  fixityIntervalDays: number;
  /** Issue E (R4.5, docs/backup.md): off-site backup target - a folder, sftp://user@host/folder or s3://bucket/prefix?endpoint=...; '' = not set up. Never a password. */
  backupTarget: string;
  /** Local time of the nightly backup, "HH:MM". */
  backupTime: string;
  /** Hours after the last good backup at which the status screen raises the alarm. */
  backupMaxAgeHours: number;
  /** Upload limit in bytes per second; 0 = no limit. */
  backupBandwidthBytesPerSecond: number;
  /** Objects downloaded, decrypted and hashed by each periodic sampled restore check. */
  backupSampleSize: number;
  /** Issue B (R5.5): which docked cameras are ingested: only registered ones bound to an officer, or any camera. */
  cameraAdmission: CameraAdmission;
  /** Spot-check review (R6.1, docs/supervision.md): months per review period (1 = monthly). */
  spotCheckPeriodMonths: number;
  /** Clips drawn per officer and period for the supervisors' review queue. */
  spotCheckSamplePerOfficer: number;
  /** Hours between two clips of one device beyond which they belong to different events (continuity timeline). */
  continuityEventHours: number;
  /** Issue F (docs/access-control.md): failed logins in a row before an account locks. */
  loginMaxFailures: number;
  /** Minutes a locked account stays locked (an administrator may unlock sooner). */
  loginLockoutMinutes: number;
  /** Minutes without a call before a login session locks and asks for the password / PIN again. */
  sessionIdleMinutes: number;
  /** Hours after which a login session ends whatever happens (a shift). */
  sessionMaxHours: number;
  /** Whether a scanned badge alone signs an officer in at the dock; false = the PIN is still asked. */
  badgeScanSuffices: boolean;
  /** Longest window an approver may grant for viewing, in days. */
  grantMaxDays: number;
  /** Standing viewing grants per role, up to a level; empty by default because R5.1 requires approval. */
  standingGrants: StandingGrant[];
}

/** A role that may view without asking, within its reach and up to a confidentiality level. */
export interface StandingGrant {
  role: Role;
  upTo: ConfidentialityLevel;
}

export const DEFAULT_SETTINGS: AgencySettings = {
  agencyName: '',
  handInLimitHours: 24,
  caseNumberPattern: '^[\\u4e00-\\u9fa5]{1,12}[（(]\\d{4}[）)][\\u4e00-\\u9fa5]{0,6}\\d{1,6}号$',
  caseNumberExample: '清国土罚（2026）12号',
  labelOverdueHours: 24,
  gapThresholdMinutes: 5,
  deleteFromCameraAfterVerify: false,
  syncCameraClock: false,
  fixityIntervalDays: 7,
  backupTarget: '',
  backupTime: '02:00',
  backupMaxAgeHours: 48,
  backupBandwidthBytesPerSecond: 0,
  backupSampleSize: 5,
  cameraAdmission: 'registered-only',
  spotCheckPeriodMonths: 1,
  spotCheckSamplePerOfficer: 3,
  continuityEventHours: 2,
  loginMaxFailures: 5,
  loginLockoutMinutes: 15,
  sessionIdleMinutes: 10,
  sessionMaxHours: 12,
  badgeScanSuffices: false,
  grantMaxDays: 30,
  standingGrants: [],
};
