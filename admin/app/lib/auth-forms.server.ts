import { LoginSchema, RegisterSchema, type Session } from '@lanxang/contracts';
import { data, redirect } from '@remix-run/node';
import { ApiError, apiFor } from './api.server';
import { safeRedirect } from './redirect';
import { commitLocale, getLocale } from './session.server';

export type AuthForm = 'login' | 'register';
export type AuthFieldError = 'email' | 'password' | 'displayName';

export interface AuthFormResult {
  form: AuthForm;
  /** A key under `auth.errors`. */
  error?: 'invalid_credentials' | 'conflict' | 'rate_limited' | 'unexpected';
  fields?: AuthFieldError[];
  values: { email: string; displayName: string };
}

/**
 * The sign-in and sign-up forms that `/signin` and `/activate` share. On success the browser gets
 * the API's session cookie and goes to `redirectTo`; otherwise the form comes back with errors.
 */
export async function handleAuthForm(request: Request, form: FormData, intent: AuthForm) {
  const redirectTo = safeRedirect(form.get('redirectTo'));
  const values = {
    email: String(form.get('email') ?? ''),
    displayName: String(form.get('displayName') ?? ''),
  };
  const fields = Object.fromEntries(form);
  const api = apiFor(request);
  const failed = (issues: { path: PropertyKey[] }[]) => {
    const bad = new Set(issues.map((issue) => String(issue.path[0]) as AuthFieldError));
    return data<AuthFormResult>({ form: intent, fields: [...bad], values }, { status: 400 });
  };

  try {
    let session: Session;
    if (intent === 'login') {
      const parsed = LoginSchema.safeParse({ email: fields.email, password: fields.password });
      if (!parsed.success) return failed(parsed.error.issues);
      session = await api.login(parsed.data);
    } else {
      const parsed = RegisterSchema.safeParse({
        email: fields.email,
        password: fields.password,
        displayName: fields.displayName,
        preferredLocale: await getLocale(request),
      });
      if (!parsed.success) return failed(parsed.error.issues);
      session = await api.register(parsed.data);
    }
    const headers = api.responseHeaders();
    // The account's language becomes this browser's, so the pages follow the person.
    headers.append('Set-Cookie', await commitLocale(request, session.user.preferredLocale));
    return redirect(redirectTo, { headers });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const known = ['invalid_credentials', 'conflict', 'rate_limited'] as const;
    const code = known.find((candidate) => candidate === error.code) ?? 'unexpected';
    return data<AuthFormResult>({ form: intent, error: code, values }, { status: error.status });
  }
}
