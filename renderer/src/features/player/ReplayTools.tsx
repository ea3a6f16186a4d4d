/**
 * Replay for supervisors (R6.1): playback rate 0.25x-4x, frame step (pauses first), keyboard shortcuts,
 * and bookmarks with notes kept with the clip on the station (bookmarks.add/list/remove, audited).
 *
 * Keys (outside text fields): Space/K play-pause, , and . one frame back/forward, [ and ] slower/faster,
 * ← and → 5 s back/forward, B bookmark the current moment.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { Clip, ErrorPayload } from '../../contract-types.js';
import { formatDateTime } from '../../presenters/format.js';
import { useController } from '../../state/context.js';
import '../../styles/supervision.css';
import { formatPosition, frameSeconds, isTyping, PLAYBACK_RATES, stepRate } from './replay.js';

type Bookmark = CommandResponse<'bookmarks.list'>[number];

export function ReplayTools({ clip, video }: { clip: Clip; video: RefObject<HTMLMediaElement | null> }) {
  const { t } = useTranslation();
  const controller = useController();
  const [rate, setRate] = useState(1);
  const [position, setPosition] = useState(0);
  const [bookmarks, setBookmarks] = useState<Bookmark[] | undefined>();
  const [listError, setListError] = useState<ErrorPayload | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [note, setNote] = useState('');
  const noteField = useRef<HTMLInputElement>(null);

  const applyRate = useCallback(
    (next: number) => {
      setRate(next);
      if (video.current) video.current.playbackRate = next;
    },
    [video],
  );

  const stepFrame = useCallback(
    (direction: 1 | -1) => {
      const element = video.current;
      if (!element) return;
      element.pause();
      element.currentTime = Math.max(0, Math.min(element.duration || Number.MAX_VALUE, element.currentTime + direction * frameSeconds(clip)));
    },
    [clip, video],
  );

  const seek = useCallback(
    (seconds: number) => {
      const element = video.current;
      if (element) element.currentTime = Math.max(0, seconds);
    },
    [video],
  );

  const loadBookmarks = useCallback(async () => {
    const result = await controller.call('bookmarks.list', { clipId: clip.id });
    if (result.ok) {
      setBookmarks(result.value);
      setListError(undefined);
    } else setListError(result.error);
  }, [controller, clip.id]);

  useEffect(() => {
    void loadBookmarks();
  }, [loadBookmarks]);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const onTime = () => setPosition(element.currentTime);
    const onRate = () => setRate(element.playbackRate);
    element.addEventListener('timeupdate', onTime);
    element.addEventListener('seeked', onTime);
    element.addEventListener('ratechange', onRate);
    return () => {
      element.removeEventListener('timeupdate', onTime);
      element.removeEventListener('seeked', onTime);
      element.removeEventListener('ratechange', onRate);
    };
  }, [video]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const element = video.current;
      if (!element) return;
      const actions: Record<string, () => void> = {
        ' ': () => void (element.paused ? element.play().catch(() => undefined) : element.pause()),
        k: () => void (element.paused ? element.play().catch(() => undefined) : element.pause()),
        ',': () => stepFrame(-1),
        '.': () => stepFrame(1),
        '[': () => applyRate(stepRate(element.playbackRate, -1)),
        ']': () => applyRate(stepRate(element.playbackRate, 1)),
        ArrowLeft: () => seek(element.currentTime - 5),
        ArrowRight: () => seek(element.currentTime + 5),
        b: () => noteField.current?.focus(),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [video, stepFrame, applyRate, seek]);

  const add = async () => {
    const positionMs = Math.round((video.current?.currentTime ?? position) * 1000);
    const result = await controller.call('bookmarks.add', { clipId: clip.id, positionMs, note });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setNote('');
    void loadBookmarks();
  };

  const remove = async (id: string) => {
    const result = await controller.call('bookmarks.remove', { id });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    void loadBookmarks();
  };

  return (
    <div data-testid="replay-tools">
      <div className="replay-tools" role="toolbar" aria-label={t('replay.toolbar')}>
        <span className="replay-tools__group" role="group" aria-label={t('replay.rate')}>
          {PLAYBACK_RATES.map((value) => (
            <button key={value} type="button" className="button button--small" aria-pressed={rate === value} onClick={() => applyRate(value)} data-testid={`replay-rate-${value}`}>
              {value}×
            </button>
          ))}
        </span>
        <button type="button" className="button button--small" onClick={() => stepFrame(-1)} title={t('replay.frameBackHint')} data-testid="replay-frame-back">
          ◀❘ {t('replay.frameBack')}
        </button>
        <button type="button" className="button button--small" onClick={() => stepFrame(1)} title={t('replay.frameForwardHint')} data-testid="replay-frame-forward">
          {t('replay.frameForward')} ❘▶
        </button>
        <span className="replay-tools__time mono" data-testid="replay-position">
          {formatPosition(position)}
        </span>
        <span className="muted small">{t('replay.keys')}</span>
      </div>

      {listError?.code !== 'FORBIDDEN' && (
        <section className="card" aria-labelledby="bookmarks-title">
          <h2 id="bookmarks-title" className="card__title">
            {t('replay.bookmarksTitle')}
          </h2>
          <ErrorBox error={listError ?? error} />
          {bookmarks && bookmarks.length === 0 && <p className="muted small">{t('replay.noBookmarks')}</p>}
          {bookmarks && bookmarks.length > 0 && (
            <ul className="bookmarks" data-testid="bookmarks">
              {bookmarks.map((bookmark) => (
                <li key={bookmark.id} className="bookmarks__item">
                  <button type="button" className="button button--small mono" onClick={() => seek(bookmark.positionMs / 1000)} title={t('replay.jump')}>
                    {formatPosition(bookmark.positionMs / 1000)}
                  </button>
                  <span>
                    {bookmark.note} <span className="muted small">{t('replay.by', { author: bookmark.author, time: formatDateTime(bookmark.createdAt) })}</span>
                  </span>
                  <button type="button" className="button button--small button--ghost" onClick={() => void remove(bookmark.id)} aria-label={t('replay.remove')}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form
            className="bookmark-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (note.trim()) void add();
            }}
          >
            <input ref={noteField} className="input" value={note} maxLength={1000} placeholder={t('replay.notePlaceholder')} aria-label={t('replay.note')} onChange={(e) => setNote(e.target.value)} data-testid="bookmark-note" />
            <button type="submit" className="button" disabled={!note.trim()} data-testid="bookmark-add">
              {t('replay.add', { position: formatPosition(position) })}
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
