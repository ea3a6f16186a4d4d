import type { KeyboardEvent, MutableRefObject, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import { ENFORCEMENT_STAGES, LONG_TERM_REASONS, type EnforcementStage, type ErrorPayload, type LongTermReason } from '../../contract-types.js';
import { fieldErrorMessage } from '../../i18n/errors.js';
import { LABEL_FIELDS, type Draft, type FieldProblems, type LabelFormField } from './draft.js';

type FieldRefs = MutableRefObject<Partial<Record<LabelFormField | 'apply', HTMLElement | null>>>;

/** The field after `field` in the form, then the apply button: where Enter goes. */
function nextOf(field: LabelFormField): LabelFormField | 'apply' {
  const index = LABEL_FIELDS.indexOf(field);
  return LABEL_FIELDS[index + 1] ?? 'apply';
}

export function LabelForm({
  draft,
  onChange,
  problems,
  example,
  selectedCount,
  busy,
  applyError,
  status,
  onApply,
  fieldRefs,
  handlerIsDefault,
  extra,
}: {
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
  problems: FieldProblems;
  example: string;
  selectedCount: number;
  busy: boolean;
  applyError: ErrorPayload | undefined;
  status: string | undefined;
  onApply: () => void;
  fieldRefs: FieldRefs;
  handlerIsDefault: boolean;
  /** Fields that are not part of the label itself (the confidentiality choice), shown after the optional ones. */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const problemCount = Object.keys(problems).length;

  /**
   * Enter moves to the next field and never submits: a barcode scanner ends every scan with Enter,
   * and a half-filled label must not be applied. Ctrl+Enter (handled by the screen) applies.
   */
  const onFieldKey = (field: LabelFormField) => (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    fieldRefs.current[nextOf(field)]?.focus();
  };

  const setRef = (field: LabelFormField | 'apply') => (el: HTMLElement | null) => {
    fieldRefs.current[field] = el;
  };

  const errorFor = (field: LabelFormField) => {
    const problem = problems[field];
    return problem ? fieldErrorMessage(t, problem, example) : undefined;
  };

  const row = (field: LabelFormField, control: (props: { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ReactNode, options: { required?: boolean; hint?: string; example?: string } = {}) => {
    const id = `label-${field}`;
    const error = errorFor(field);
    const hintId = options.hint || options.example ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    return (
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label htmlFor={id}>
          {t(`fields.${field}`)}
          {options.required ? <span className="required" aria-label={t('common.required')}> *</span> : <span className="muted small"> {t('common.optional')}</span>}
        </label>
        {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': [errorId, hintId].filter(Boolean).join(' ') || undefined })}
        {error && (
          <div id={errorId} className="field__error" data-testid={`label-field-error-${field}`} data-code={problems[field]?.code}>
            {error}
          </div>
        )}
        {(options.hint || options.example) && (
          <div id={hintId} className="field__hint">
            {options.example && <strong className="field__example">{options.example}</strong>}
            {options.example && <br />}
            {options.hint}
          </div>
        )}
      </div>
    );
  };

  return (
    <form
      className="card label-form"
      aria-labelledby="label-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      <h2 id="label-form-title" className="card__title">
        {t('label.formTitle')}
        <span className="label-form__count">{t('label.selected', { count: selectedCount })}</span>
      </h2>
      {selectedCount === 0 && <p className="muted small">{t('label.formNone')}</p>}

      {row(
        'caseNumber',
        (props) => (
          <input
            {...props}
            ref={setRef('caseNumber')}
            className="input input--large mono-cjk"
            data-testid="label-case"
            value={draft.caseNumber}
            onChange={(e) => onChange({ caseNumber: e.target.value })}
            onKeyDown={onFieldKey('caseNumber')}
            placeholder={example}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
          />
        ),
        { required: true, hint: t('label.caseHint'), example: t('label.example', { example }) },
      )}
      {row(
        'party',
        (props) => (
          <input {...props} ref={setRef('party')} className="input" data-testid="label-party" value={draft.party} onChange={(e) => onChange({ party: e.target.value })} onKeyDown={onFieldKey('party')} autoComplete="off" maxLength={200} />
        ),
        { required: true },
      )}
      {row(
        'handler',
        (props) => (
          <input {...props} ref={setRef('handler')} className="input" data-testid="label-handler" value={draft.handler} onChange={(e) => onChange({ handler: e.target.value })} onKeyDown={onFieldKey('handler')} autoComplete="off" maxLength={100} />
        ),
        { required: true, ...(handlerIsDefault ? { hint: t('label.handlerDefault') } : {}) },
      )}
      {row(
        'stage',
        (props) => (
          <select {...props} ref={setRef('stage')} className="input" data-testid="label-stage" value={draft.stage} onChange={(e) => onChange({ stage: e.target.value as EnforcementStage | '' })} onKeyDown={onFieldKey('stage')}>
            <option value="">{t('label.stagePlaceholder')}</option>
            {ENFORCEMENT_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {t(`stages.${stage}`)}
              </option>
            ))}
          </select>
        ),
        { required: true },
      )}
      {row(
        'location',
        (props) => (
          <input
            {...props}
            ref={setRef('location')}
            className="input"
            data-testid="label-location"
            value={draft.location}
            onChange={(e) => onChange({ location: e.target.value })}
            onKeyDown={onFieldKey('location')}
            placeholder={t('label.locationPlaceholder')}
            autoComplete="off"
            maxLength={200}
          />
        ),
        { required: true },
      )}
      <div className="label-form__optional">
        {row('causeOfAction', (props) => (
          <input
            {...props}
            ref={setRef('causeOfAction')}
            className="input"
            data-testid="label-cause"
            value={draft.causeOfAction}
            onChange={(e) => onChange({ causeOfAction: e.target.value })}
            onKeyDown={onFieldKey('causeOfAction')}
            placeholder={t('label.causePlaceholder')}
            autoComplete="off"
            maxLength={200}
          />
        ))}
        {row('notes', (props) => (
          <input
            {...props}
            ref={setRef('notes')}
            className="input"
            data-testid="label-notes"
            value={draft.notes}
            onChange={(e) => onChange({ notes: e.target.value })}
            onKeyDown={onFieldKey('notes')}
            placeholder={t('label.notesPlaceholder')}
            autoComplete="off"
            maxLength={2000}
          />
        ))}
        {row('longTerm', (props) => (
          <select {...props} ref={setRef('longTerm')} className="input" data-testid="label-long-term" value={draft.longTerm} onChange={(e) => onChange({ longTerm: e.target.value as LongTermReason | '' })} onKeyDown={onFieldKey('longTerm')}>
            <option value="">{t('longTerm.none')}</option>
            {LONG_TERM_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`longTerm.${reason}`)}
              </option>
            ))}
          </select>
        ))}
        {extra}
      </div>

      {problemCount > 0 && !applyError && (
        <div className="message message--error" role="alert">
          {t('label.fixFields', { count: problemCount })}
        </div>
      )}
      <ErrorBox error={applyError} testId="label-apply-error" />
      {status && (
        <div className="message message--ok" role="status" data-testid="label-status">
          {status}
        </div>
      )}

      <button type="submit" ref={setRef('apply')} className="button button--primary button--large button--block" data-testid="label-apply" disabled={busy || selectedCount === 0}>
        {busy ? t('label.applying') : t('label.applyTo', { count: selectedCount })}
        <kbd className="kbd">{t('label.applyShortcut')}</kbd>
      </button>
    </form>
  );
}
