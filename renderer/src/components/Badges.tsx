import { useTranslation } from 'react-i18next';
import type { Clip } from '../contract-types.js';

export function Badge({ tone, children, title }: { tone: 'neutral' | 'warn' | 'error' | 'ok' | 'info'; children: string; title?: string }) {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

/** 未标注 / 迟交 / 损坏 / 长期保存 for one clip. */
export function ClipBadges({ clip, showLabelled = false, hideUnlabelled = false }: { clip: Clip; showLabelled?: boolean; hideUnlabelled?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      {clip.label ? showLabelled && <Badge tone="ok">{t('badges.labelled')}</Badge> : !hideUnlabelled && <Badge tone="warn">{t('badges.unlabelled')}</Badge>}
      {clip.late && (clip.late.reason ? <Badge tone="info" title={clip.late.reason}>{t('badges.lateReasoned')}</Badge> : <Badge tone="error">{t('badges.late')}</Badge>)}
      {clip.media.damaged && <Badge tone="error">{t('badges.damaged')}</Badge>}
      {clip.label?.longTerm && <Badge tone="info">{t('badges.longTerm')}</Badge>}
    </span>
  );
}
