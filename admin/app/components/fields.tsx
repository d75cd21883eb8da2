import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** An error from an action: an i18n key from the admin's own schema, or the API's words. */
export function useErrorText() {
  const { t } = useTranslation();
  return (message: string | undefined) =>
    message === undefined
      ? undefined
      : message.startsWith('validation.')
        ? t(message as 'validation.tooLong', { defaultValue: message })
        : message;
}

/** The dotted form name as a valid, readable id: `cast.0.character.lo` → `cast-0-character-lo`. */
export const fieldId = (name: string) => `field-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;

interface FieldProps {
  name: string;
  label: ReactNode;
  defaultValue: string | number | null | undefined;
  error?: string;
  hint?: ReactNode;
  lang?: string;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'date' | 'number' | 'url' | 'datetime-local';
  required?: boolean;
  inputMode?: 'numeric' | 'decimal';
  step?: string;
  className?: string;
  autoFocus?: boolean;
}

/**
 * A labelled input whose error is announced with it: `aria-invalid` marks the field and
 * `aria-describedby` points at the message (and the hint), as WCAG 3.3.1 asks.
 */
export function Field({
  name,
  label,
  defaultValue,
  error,
  hint,
  lang,
  multiline,
  rows = 4,
  type = 'text',
  required,
  inputMode,
  step,
  className,
  autoFocus,
}: FieldProps) {
  const errorText = useErrorText()(error);
  const id = fieldId(name);
  const describedBy =
    [hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id,
    name,
    lang,
    required,
    autoFocus,
    defaultValue: defaultValue ?? '',
    'aria-invalid': errorText ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  return (
    <div className={`field${errorText ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} step={step} autoComplete="off" />
      )}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {errorText ? (
        <p id={`${id}-error`} className="field-error">
          {errorText}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level error (an API refusal that names no field), announced when it appears. */
export function FormError({ error }: { error: string | undefined }) {
  const text = useErrorText()(error);
  if (!text) return null;
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}
