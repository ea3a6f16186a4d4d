/** The contract's object types as the renderer sees them (what the bridge's zod schemas output). */
import type { z } from 'zod';
import type { CommandResponse, ErrorPayload, EventPayload, schemas } from '../../electron/contract/index.js';

export type Clip = z.output<typeof schemas.Clip>;
export type ClipLabel = z.output<typeof schemas.ClipLabel>;
export type LabelInput = z.input<typeof schemas.LabelInput>;
export type CameraIdentity = z.output<typeof schemas.CameraIdentity>;
export type DockSession = z.output<typeof schemas.DockSession>;
export type IngestProgress = z.output<typeof schemas.IngestProgress>;
export type AuditRecord = z.output<typeof schemas.AuditRecord>;
export type AuditVerification = z.output<typeof schemas.AuditVerification>;
export type AgencySettings = z.output<typeof schemas.AgencySettings>;
export type ClipQuery = z.input<typeof schemas.ClipQuery>;
export type EnforcementStage = z.output<typeof schemas.EnforcementStage>;
export type LongTermReason = z.output<typeof schemas.LongTermReason>;
export type MediaKind = z.output<typeof schemas.MediaKind>;
export type StationInfo = CommandResponse<'station.info'>;
export type StationNotice = EventPayload<'station.notice'>;
export type { ErrorPayload };

export const ENFORCEMENT_STAGES = ['procedure-start', 'investigation', 'review-decision', 'service-enforcement', 'other'] as const satisfies readonly EnforcementStage[];
export const LONG_TERM_REASONS = ['evidence', 'dispute', 'obstruction', 'emergency', 'other-long-term'] as const satisfies readonly LongTermReason[];
