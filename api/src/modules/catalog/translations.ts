import { LOCALES, type Locale } from '@lanxang/contracts';

/** A translated input as parsed from a request: some locales, each already NFC-normalised. */
export type TranslatedInput = Partial<Record<Locale, string | undefined>>;

interface TranslationRow {
  locale: Locale;
  editedAt?: Date | null;
}

/**
 * Merges translated fields into an owner's translation rows, locale by locale: a locale absent
 * from the input keeps its text; one present replaces it (an empty string clears it). Rows for
 * new locales are made by `create`. Returns the locales touched.
 */
export function mergeTranslations<Row extends TranslationRow>(
  rows: Iterable<Row>,
  fields: Record<string, TranslatedInput | undefined>,
  create: (locale: Locale) => Row,
  { markEdited }: { markEdited: boolean },
): Locale[] {
  const byLocale = new Map<Locale, Row>([...rows].map((row) => [row.locale, row]));
  const touched: Locale[] = [];
  for (const locale of LOCALES) {
    const changes = Object.entries(fields).filter(
      (entry): entry is [string, TranslatedInput] => entry[1]?.[locale] !== undefined,
    );
    if (!changes.length) continue;
    let row = byLocale.get(locale);
    if (!row) {
      row = create(locale);
      byLocale.set(locale, row);
    }
    for (const [field, input] of changes) (row as Record<string, unknown>)[field] = input[locale];
    if (markEdited) row.editedAt = new Date();
    touched.push(locale);
  }
  return touched;
}

/** `{ title: { en, lo }, … }` from translation rows, for audit snapshots. */
export function snapshotTranslations<Row extends TranslationRow>(
  rows: Iterable<Row>,
  fields: readonly string[],
) {
  const snapshot: Record<string, Record<string, unknown>> = {};
  for (const row of rows) {
    for (const field of fields)
      (snapshot[field] ??= {})[row.locale] = (row as Record<string, unknown>)[field];
  }
  return snapshot;
}
