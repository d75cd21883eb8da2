import { Form, useNavigation } from '@remix-run/react';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthFieldError, AuthFormResult } from '~/lib/auth-forms.server';

/** Sign in, or (folded away below) create an account; both plain forms that work without JS. */
export function AuthForms({
  redirectTo,
  result,
}: {
  redirectTo: string;
  result?: AuthFormResult | undefined;
}) {
  const { t } = useTranslation();
  const register = result?.form === 'register' ? result : undefined;

  return (
    <div className="auth-forms">
      <AuthForm
        intent="login"
        redirectTo={redirectTo}
        result={result}
        submitLabel={t('auth.signIn')}
        className="card form-stack"
        aria-labelledby="signin-heading"
        heading={<h2 id="signin-heading">{t('auth.signInTitle')}</h2>}
      >
        {(field) => (
          <>
            {field('email', { id: 'login-email', type: 'email', autoComplete: 'username' })}
            {field('password', {
              id: 'login-password',
              type: 'password',
              autoComplete: 'current-password',
            })}
          </>
        )}
      </AuthForm>

      <details className="card" open={Boolean(register)}>
        <summary>{t('auth.newHere')}</summary>
        <AuthForm
          intent="register"
          redirectTo={redirectTo}
          result={result}
          submitLabel={t('auth.register')}
          className="form-stack"
        >
          {(field) => (
            <>
              {field('displayName', { id: 'register-name', autoComplete: 'name' })}
              {field('email', { id: 'register-email', type: 'email', autoComplete: 'email' })}
              {field('password', {
                id: 'register-password',
                type: 'password',
                autoComplete: 'new-password',
                minLength: 10,
              })}
            </>
          )}
        </AuthForm>
      </details>
    </div>
  );
}

const FIELD_LABELS = {
  email: 'auth.email',
  password: 'auth.password',
  displayName: 'auth.displayName',
} as const;

type FieldInput = { id: string } & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'autoComplete' | 'minLength'
>;

/**
 * One of the two account forms: its failure, its fields (a required input with its label, what
 * was typed before a refusal except a password, and its message), and its submit button.
 */
function AuthForm({
  intent,
  redirectTo,
  result,
  submitLabel,
  heading,
  children,
  ...formProps
}: {
  intent: AuthFormResult['form'];
  redirectTo: string;
  result: AuthFormResult | undefined;
  submitLabel: string;
  heading?: ReactNode;
  children: (field: (name: AuthFieldError, input: FieldInput) => ReactNode) => ReactNode;
  className: string;
  'aria-labelledby'?: string;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const mine = result?.form === intent ? result : undefined;
  const field = (name: AuthFieldError, input: FieldInput) => (
    <Field
      id={input.id}
      label={t(FIELD_LABELS[name])}
      hint={name === 'password' && intent === 'register' ? t('auth.passwordHint') : undefined}
      error={mine?.fields?.includes(name) ? t(`auth.errors.${name}`) : undefined}
    >
      <input
        {...input}
        name={name}
        required
        defaultValue={name === 'password' ? undefined : mine?.values[name]}
      />
    </Field>
  );
  return (
    <Form method="post" {...formProps}>
      {heading}
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {mine?.error ? (
        <p className="form-error" role="alert">
          {t(`auth.errors.${mine.error}`)}
        </p>
      ) : null}
      {children(field)}
      <button type="submit" name="intent" value={intent} disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="field" data-invalid={error ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <small className="muted">{hint}</small> : null}
      {error ? (
        <small className="field-error" id={`${id}-error`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}
