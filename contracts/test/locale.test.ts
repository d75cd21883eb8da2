import { describe, expect, it } from 'vitest';
import { LocalizedTextSchema, resolveText, searchKey } from '../src/index.js';

describe('resolveText', () => {
  it('prefers the asked locale, then English, then any translation', () => {
    expect(resolveText({ en: 'River', lo: 'ແມ່ນ້ຳ' }, 'lo')).toBe('ແມ່ນ້ຳ');
    expect(resolveText({ en: 'River', lo: '' }, 'lo')).toBe('River');
    expect(resolveText({ lo: 'ແມ່ນ້ຳ' }, 'en')).toBe('ແມ່ນ້ຳ');
    expect(resolveText({}, 'lo')).toBe('');
    expect(resolveText(undefined, 'en')).toBe('');
  });

  it('refuses a locale the product does not speak', () => {
    expect(LocalizedTextSchema.safeParse({ en: 'x', th: 'y' }).success).toBe(false);
  });
});

describe('searchKey', () => {
  it('folds Latin case and diacritics', () => {
    expect(searchKey('  Café   RÍVER ')).toBe('cafe river');
  });

  it('keeps Lao vowels and tone marks, normalised to NFC', () => {
    const lao = 'ລູກສາວແມ່ນ້ຳ';
    expect(searchKey(lao.normalize('NFD'))).toBe(lao.normalize('NFC'));
    expect([...searchKey(lao)].length).toBe([...lao.normalize('NFC')].length);
  });
});
