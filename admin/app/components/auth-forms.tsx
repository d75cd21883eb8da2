import { Form, useNavigation } from '@remix-run/react';
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
  const busy = useNavigation().state !== 'idle';
  const failed = (form: AuthFormResult['form']) => (result?.form === form ? result : undefined);
  const login = failed('login');
  const register = failed('register');
  const fieldError = (form: AuthFormResult | undefined, field: AuthFieldError) =>
    form?.fields?.includes(field) ? t(`auth.errors.${field}`) : undefined;

  return (
    <div className="auth-forms">
      <Form method="post" className="card form-stack" aria-labelledby="signin-heading">
        <h2 id="signin-heading">{t('auth.signInTitle')}</h2>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {login?.error ? (
          <p className="form-error" role="alert">
            {t(`auth.errors.${login.error}`)}
          </p>
        ) : null}
        <Field id="login-email" label={t('auth.email')} error={fieldError(login, 'email')}>
          <input
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={login?.values.email}
          />
        </Field>
        <Field id="login-password" label={t('auth.password')} error={fieldError(login, 'password')}>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        <button type="submit" name="intent" value="login" disabled={busy}>
          {t('auth.signIn')}
        </button>
      </Form>

      <details className="card" open={Boolean(register)}>
        <summary>{t('auth.newHere')}</summary>
        <Form method="post" className="form-stack">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {register?.error ? (
            <p className="form-error" role="alert">
              {t(`auth.errors.${register.error}`)}
            </p>
          ) : null}
          <Field
            id="register-name"
            label={t('auth.displayName')}
            error={fieldError(register, 'displayName')}
          >
            <input
              id="register-name"
              name="displayName"
              autoComplete="name"
              required
              defaultValue={register?.values.displayName}
            />
          </Field>
          <Field id="register-email" label={t('auth.email')} error={fieldError(register, 'email')}>
            <input
              id="register-email"
              name="email"
              type="email"
              autoComplete="email"
              required
              defaultValue={register?.values.email}
            />
          </Field>
          <Field
            id="register-password"
            label={t('auth.password')}
            hint={t('auth.passwordHint')}
            error={fieldError(register, 'password')}
          >
            <input
              id="register-password"
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
            />
          </Field>
          <button type="submit" name="intent" value="register" disabled={busy}>
            {t('auth.register')}
          </button>
        </Form>
      </details>
    </div>
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
  children: React.ReactNode;
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
