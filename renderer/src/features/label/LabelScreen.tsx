/**
 * 标注队列: unlabelled clips as a grid; select one or many, fill in the form, Ctrl+Enter labels all of
 * them in one clips.label call. Keyboard-first: a barcode scanner in the case number field, Enter
 * moves on, arrows/space/shift/ctrl in the grid.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { Clip, ErrorPayload } from '../../contract-types.js';
import { operatorName } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';
import { DockMessageView } from '../dock/DockCard.js';
import { checkDraft, draftToLabel, emptyDraft, firstProblemField, problemsFromFields, type Draft, type FieldProblems, type LabelFormField } from './draft.js';
import { LabelForm } from './LabelForm.js';
import { LabelConfidentiality } from './LabelConfidentiality.js';
import { keepLevel, levelChoiceComplete, levelsUpTo, maySetConfidentiality, type LevelChoice } from '../../presenters/confidentiality.js';
import { LabelGrid } from './LabelGrid.js';
import { afterApplied, emptySelection, reconcile, single, type Selection } from './selection.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

const QUEUE_LIMIT = 1000;

function recordedMs(clip: Clip): number {
  const t = Date.parse(clip.media.recordedAt ?? clip.receivedAt);
  return Number.isNaN(t) ? 0 : t;
}

export function LabelScreen({ session }: { session: string | undefined }) {
  const { t } = useTranslation();
  const controller = useController();
  const settings = useAppState((s) => s.settings);
  const operator = useAppState((s) => s.operator);
  const actor = useAppState((s) => s.actor);
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const dock = useAppState((s) => (session ? s.docks.find((d) => d.id === session) : undefined));
  const dockMessage = useAppState((s) => (session ? s.dockMessages[session] : undefined));

  const [items, setItems] = useState<Clip[]>([]);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<ErrorPayload | undefined>();
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [handlerTouched, setHandlerTouched] = useState(false);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [applyError, setApplyError] = useState<ErrorPayload | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [levelChoice, setLevelChoice] = useState<LevelChoice>(keepLevel);
  const [levelReasonMissing, setLevelReasonMissing] = useState(false);
  const [levelError, setLevelError] = useState<ErrorPayload | undefined>();

  const idsRef = useRef<string[]>([]);
  const fieldRefs = useRef<Partial<Record<LabelFormField | 'apply', HTMLElement | null>>>({});
  const backRef = useRef<HTMLButtonElement>(null);
  const initialFocusDone = useRef(false);

  const ids = useMemo(() => items.map((c) => c.id), [items]);
  idsRef.current = ids;

  const load = useCallback(async () => {
    const result = await controller.call('clips.query', { unlabelledOnly: true, limit: QUEUE_LIMIT, ...(session ? { dockSessionId: session } : {}) });
    setLoaded(true);
    if (!result.ok) {
      setLoadError(result.error);
      return;
    }
    setLoadError(undefined);
    // Time order, oldest first: the order the officer recorded them in.
    const next = [...result.value.items].sort((a, b) => recordedMs(a) - recordedMs(b) || a.id.localeCompare(b.id));
    const before = idsRef.current;
    const after = next.map((c) => c.id);
    setItems(next);
    setTotal(result.value.total);
    setSelection((current) => {
      const kept = reconcile(before, after, current);
      if (kept.selected.size > 0 || kept.focus !== undefined) return kept;
      const first = after[0];
      return first === undefined ? emptySelection : single(first);
    });
  }, [controller, session]);

  useEffect(() => {
    void load();
  }, [load, clipsVersion, reloadVersion]);

  const selectedClips = useMemo(() => items.filter((c) => selection.selected.has(c.id)), [items, selection]);

  // The handler defaults to the officer the camera belongs to, else the person at the station.
  const defaultHandler = selectedClips[0]?.camera.officerName ?? operatorName(operator);
  useEffect(() => {
    if (!handlerTouched) setDraft((d) => (d.handler === defaultHandler ? d : { ...d, handler: defaultHandler }));
  }, [defaultHandler, handlerTouched]);

  // The case number field takes the focus once the queue is there (scan-and-go).
  useEffect(() => {
    if (!loaded || initialFocusDone.current) return;
    initialFocusDone.current = true;
    if (items.length > 0) fieldRefs.current.caseNumber?.focus({ preventScroll: true });
    else backRef.current?.focus({ preventScroll: true });
  }, [loaded, items.length]);

  const focusField = (field: LabelFormField | 'apply') => fieldRefs.current[field]?.focus();

  const apply = useCallback(async () => {
    if (busy || !settings) return;
    setStatus(undefined);
    setApplyError(undefined);
    setLevelError(undefined);
    const chosen = idsRef.current.filter((id) => selection.selected.has(id));
    if (chosen.length === 0) {
      setApplyError({ code: 'NO_SELECTION', message: '', params: {} });
      return;
    }
    const local = checkDraft(draft, settings);
    const firstBad = firstProblemField(local);
    if (firstBad) {
      setProblems(local);
      focusField(firstBad);
      return;
    }
    // Checked before labelling, so a missing reason never leaves the clips labelled at the old level.
    if (!levelChoiceComplete(levelChoice)) {
      setLevelReasonMissing(true);
      return;
    }
    setLevelReasonMissing(false);
    setProblems({});
    setBusy(true);
    const result = await controller.call('clips.label', { ids: chosen, label: draftToLabel(draft) });
    // The level is not part of the label (core/labels stays untouched): set it once the label is in.
    const levelResult = result.ok && levelChoice.level !== '' ? await controller.call('clips.setConfidentiality', { ids: chosen, level: levelChoice.level, reason: levelChoice.reason.trim() }) : undefined;
    setBusy(false);
    if (!result.ok) {
      const fromStation = problemsFromFields(result.error.fields);
      setProblems(fromStation);
      setApplyError(result.error);
      const field = firstProblemField(fromStation);
      if (field) focusField(field);
      return;
    }
    const applied = new Set(chosen);
    const before = idsRef.current;
    const remaining = items.filter((c) => !applied.has(c.id));
    idsRef.current = remaining.map((c) => c.id);
    setItems(remaining);
    setTotal((n) => Math.max(0, n - chosen.length));
    setSelection(afterApplied(before, applied));
    setStatus(t('label.applied', { count: result.value.updated }));
    if (levelResult && !levelResult.ok) setLevelError(levelResult.error);
    setLevelChoice(keepLevel);
    // Case-specific fields start empty for the next batch; stage, location and the like carry over.
    setDraft((d) => ({ ...d, caseNumber: '', party: '', causeOfAction: '', notes: '', longTerm: '' }));
    setHandlerTouched(false);
    if (remaining.length > 0) setTimeout(() => fieldRefs.current.caseNumber?.focus(), 0);
    else setTimeout(() => backRef.current?.focus(), 0);
  }, [busy, settings, selection, draft, levelChoice, controller, items, t]);

  const onScreenKey = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void apply();
    }
  };

  const device = dock?.camera.deviceNumber || items[0]?.camera.deviceNumber || '—';

  return (
    <section className="screen screen--label" aria-labelledby="label-title" onKeyDown={onScreenKey}>
      <ScreenHeader id="label-title" title={t('label.title')} intro={t('label.intro')}>
        <div className="screen__header-side">
          <strong data-testid="label-count">
            {total > items.length ? t('label.queueCountLimited', { count: total, shown: items.length }) : t('label.queueCount', { count: total })}
          </strong>
        </div>
      </ScreenHeader>

      {session && (
        <div className="session-banner" role="region" aria-label={t('label.sessionFilter', { session, device })}>
          <span>{t('label.sessionFilter', { session, device })}</span>
          <button type="button" className="button button--small button--ghost" onClick={() => navigate({ screen: 'label' })} data-testid="label-show-all">
            {t('label.showAll')}
          </button>
          {dockMessage && <DockMessageView message={dockMessage} />}
        </div>
      )}

      <ErrorBox error={loadError} />
      {/* Outside the form: it must stay in view when the last clips were just labelled and the form is gone. */}
      <ErrorBox error={levelError} prefix={t('access.labelLevel.failed')} testId="label-level-error" />

      <div className={`label-layout${items.length === 0 ? ' label-layout--single' : ''}`}>
        <div className="label-queue">
          {loaded && items.length === 0 ? (
            <div className="empty card" data-testid="label-empty">
              <div className="empty__glyph" aria-hidden="true">
                ✓
              </div>
              <p className="empty__title">{session ? t('label.emptySession') : t('label.empty')}</p>
              {status && (
                <p className="message message--ok" role="status">
                  {status}
                </p>
              )}
              <button type="button" ref={backRef} className="button button--primary" onClick={() => navigate({ screen: 'dock' })} data-testid="label-back-to-dock">
                {t('label.backToDock')}
              </button>
            </div>
          ) : (
            <LabelGrid
              items={items}
              selection={selection}
              onSelection={setSelection}
              gapThresholdMinutes={settings?.gapThresholdMinutes ?? 5}
              onEnter={() => focusField('caseNumber')}
            />
          )}
        </div>
        {items.length > 0 && (
        <LabelForm
          draft={draft}
          onChange={(patch) => {
            if ('handler' in patch) setHandlerTouched(true);
            setDraft((d) => ({ ...d, ...patch }));
            setProblems((p) => {
              const next = { ...p };
              for (const key of Object.keys(patch) as LabelFormField[]) delete next[key];
              return next;
            });
          }}
          problems={problems}
          example={settings?.caseNumberExample ?? ''}
          selectedCount={selectedClips.length}
          busy={busy}
          applyError={applyError}
          status={status}
          onApply={() => void apply()}
          fieldRefs={fieldRefs}
          handlerIsDefault={!handlerTouched && draft.handler === defaultHandler && defaultHandler !== ''}
          extra={
            actor && maySetConfidentiality(actor) ? (
              <LabelConfidentiality
                choice={levelChoice}
                levels={levelsUpTo(actor.clearance)}
                reasonMissing={levelReasonMissing}
                onChange={(next) => {
                  setLevelChoice(next);
                  setLevelReasonMissing(false);
                }}
              />
            ) : undefined
          }
        />
        )}
      </div>
    </section>
  );
}
