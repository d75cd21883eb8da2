import type { Locale } from '@lanxang/contracts';
import { Form, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { UI_LOCALES } from '~/i18n/i18n';

/** A plain form, so switching works before the JavaScript has loaded and from the keyboard. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const current = i18n.language as Locale;
  return (
    <Form method="post" action="/language" className="language-switcher" preventScrollReset>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <div role="group" aria-label={t('language.label')}>
        {UI_LOCALES.map((locale) => (
          <button
            key={locale}
            type="submit"
            name="locale"
            value={locale}
            lang={locale}
            aria-pressed={locale === current}
          >
            {t(`language.${locale}`)}
          </button>
        ))}
      </div>
    </Form>
  );
}
