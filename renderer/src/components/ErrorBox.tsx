import type { ErrorPayload } from '../contract-types.js';
import { useErrorText } from '../i18n/hooks.js';

/** An error from the station, worded for people; role=alert so a screen reader says it at once. */
export function ErrorBox({ error, testId, prefix }: { error: ErrorPayload | undefined; testId?: string; prefix?: string }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <div className="message message--error" role="alert" data-testid={testId} data-code={error.code}>
      {prefix}
      {text(error)}
    </div>
  );
}
