import { DEFAULT_LOCALE, LocaleSchema, type Locale, type User } from '@lanxang/contracts';
import { createCookieSessionStorage, data, redirect } from '@remix-run/node';
import { ApiError, apiFor, rethrowAsRouteError } from './api.server';
import { env } from './env.server';

/**
 * This app's own cookie. It holds preferences only (today the admin UI language); who someone is
 * will be the API's business: its session cookie is forwarded by `apiFor`, never copied here.
 */
const preferences = createCookieSessionStorage<{ locale: Locale }>({
  cookie: {
    name: 'lanxang_admin',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secrets: [env.SESSION_SECRET],
    maxAge: 60 * 60 * 24 * 365,
    // Nothing secret lives here, and the local demo is plain http on 127.0.0.1.
    secure: false,
  },
});

/** The admin's chosen UI language, else the browser's preference, else English. */
export async function getLocale(request: Request): Promise<Locale> {
  const session = await preferences.getSession(request.headers.get('cookie'));
  const chosen = LocaleSchema.safeParse(session.get('locale'));
  if (chosen.success) return chosen.data;
  return localeFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LOCALE;
}

function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const quality = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return {
        language: tag.toLowerCase().split('-')[0],
        quality: Number.isNaN(quality) ? 0 : quality,
      };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  for (const { language } of ranked) {
    const locale = LocaleSchema.safeParse(language);
    if (locale.success) return locale.data;
  }
  return undefined;
}

/** The `Set-Cookie` value that remembers `locale` for this browser. */
export async function commitLocale(request: Request, locale: Locale): Promise<string> {
  const session = await preferences.getSession(request.headers.get('cookie'));
  session.set('locale', locale);
  return preferences.commitSession(session);
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/signin?redirectTo=${encodeURIComponent(back)}`);
}

/** The signed-in account, or `null`. The API decides, from the forwarded session cookie. */
export async function getUser(request: Request): Promise<User | null> {
  try {
    return await apiFor(request).me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    return rethrowAsRouteError(error);
  }
}

/** The signed-in account; anyone else is sent to sign in and brought back here after. */
export async function requireUser(request: Request): Promise<User> {
  return (await getUser(request)) ?? signInRedirect(request);
}

/**
 * The one gate in front of every /admin loader and action. Call it first, in each of them: Remix
 * runs a layout's loader in parallel with its children's, so a check in `admin.tsx` alone would
 * not protect the child routes' data. The API stays the real authority: it checks the forwarded
 * cookie on every admin call; this only gives a person the right page (sign-in, or a 403).
 */
export async function requireAdmin(request: Request): Promise<User> {
  const user = await requireUser(request);
  if (user.role !== 'admin') throw data({ code: 'forbidden' }, { status: 403 });
  return user;
}
