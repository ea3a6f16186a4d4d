/** The written explanations of recording gaps before or after this clip (R1.3), kept with the clip. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { formatDateTime } from '../../presenters/format.js';
import { useController } from '../../state/context.js';

type Gap = CommandResponse<'gaps.list'>[number];

export function ClipGaps({ clipId }: { clipId: string }) {
  const { t } = useTranslation();
  const controller = useController();
  const [gaps, setGaps] = useState<Gap[]>([]);

  useEffect(() => {
    void controller.call('gaps.list', { clipId }).then((result) => {
      if (result.ok) setGaps(result.value);
    });
  }, [controller, clipId]);

  if (gaps.length === 0) return null;
  return (
    <section className="card" aria-labelledby="clip-gaps-title" data-testid="clip-gaps">
      <h2 id="clip-gaps-title" className="card__title">
        {t('continuity.clipGapsTitle')}
      </h2>
      <ul className="gap-list">
        {gaps.map((gap) => (
          <li key={gap.id} className="small">
            <strong>{t(gap.beforeClipId === clipId ? 'continuity.after' : 'continuity.before', { minutes: gap.minutes })}</strong>{' '}
            {gap.explanation ? (
              <span>
                {t('continuity.explainedBy', { text: gap.explanation.text, by: gap.explanation.by, time: formatDateTime(gap.explanation.at) })}
              </span>
            ) : (
              <span className="text-error">{t('continuity.waiting', { by: gap.request?.by ?? '' })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
