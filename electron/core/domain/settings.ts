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
};
