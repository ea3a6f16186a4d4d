/** A labelled progress bar (role=progressbar). The width is set through the CSSOM, which the CSP allows. */
export function ProgressBar({ percent, label, testId, tone = 'normal', size = 'normal', valueText }: { percent: number; label: string; testId?: string; tone?: 'normal' | 'ok' | 'error' | 'muted'; size?: 'normal' | 'small'; valueText?: string }) {
  const clamped = Math.max(0, Math.min(100, percent));
  return (
    <div
      className={`progress progress--${tone} progress--${size}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={valueText ?? `${clamped}%`}
      data-testid={testId}
      data-percent={clamped}
    >
      <div className="progress__fill" style={{ width: `${clamped}%` }} />
    </div>
  );
}
