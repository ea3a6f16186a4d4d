import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Clip } from '../contract-types.js';

const KIND_GLYPH: Record<Clip['kind'], string> = { video: '▶', photo: '◩', audio: '♪', other: '◇' };

/** The clip's thumbnail, or a plain tile with its kind when there is none (audio, damaged, not made yet). */
export function ClipThumb({ clip, url }: { clip: Clip; url: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (!clip.hasThumbnail || !url || failed) {
    return (
      <div className={`thumb thumb--none thumb--${clip.kind}`} aria-hidden="true">
        <span className="thumb__glyph">{KIND_GLYPH[clip.kind]}</span>
        <span className="thumb__kind">{t(`kinds.${clip.kind}`)}</span>
      </div>
    );
  }
  return <img className="thumb" src={url} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} draggable={false} />;
}
