/**
 * The form in which titles are stored for search and in which queries are compared to them.
 * Latin letters lose case and diacritics ("Café" matches "cafe"); every other script is only
 * NFC-normalised, because Lao vowels and tone marks are combining characters that carry meaning.
 * Lao has no spaces between words, so matching is by substring on this form.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/([A-Za-z\u00c0-\u024f])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
