/** One line of detail for an audit record in a clip's history, from its before/after/detail. */
import type { TFunction } from 'i18next';
import type { AuditRecord } from '../../contract-types.js';
import { formatBytes, formatDateTime } from '../../presenters/format.js';
import type { Lang } from '../../presenters/lang.js';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function summariseAudit(record: AuditRecord, t: TFunction, lang: Lang): string {
  switch (record.action) {
    case 'clip.labelled': {
      const after = record.after;
      const parts = [
        text(field(after, 'caseNumber')) && `${t('fields.caseNumber')} ${text(field(after, 'caseNumber'))}`,
        text(field(after, 'party')) && `${t('fields.party')} ${text(field(after, 'party'))}`,
        text(field(after, 'handler')) && `${t('fields.handler')} ${text(field(after, 'handler'))}`,
      ].filter(Boolean);
      const previous = text(field(record.before, 'caseNumber'));
      return parts.join(' · ') + (previous ? ` (← ${previous})` : '');
    }
    case 'clip.ingested': {
      const size = field(record.after, 'size');
      return [text(field(record.after, 'originalPath')), typeof size === 'number' ? formatBytes(size, lang) : undefined].filter(Boolean).join(' · ');
    }
    case 'clip.late-reason':
      return text(field(record.after, 'reason')) ?? '';
    case 'clip.viewed': {
      const expires = text(field(record.detail, 'expiresAt'));
      return [text(field(record.detail, 'via')), expires ? `→ ${formatDateTime(expires)}` : undefined].filter(Boolean).join(' ');
    }
    case 'clip.seen-again':
      return [text(field(record.detail, 'originalPath')), text(field(record.detail, 'dockSessionId'))].filter(Boolean).join(' · ');
    default:
      return '';
  }
}
