import { describe, expect, it } from 'vitest';
import { safeRedirect } from '~/lib/redirect';

describe('safeRedirect', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeRedirect('/account')).toBe('/account');
    expect(safeRedirect('/films?page=2#top')).toBe('/films?page=2#top');
    expect(safeRedirect('/a/%2F%2Fevil.example')).toBe('/a/%2F%2Fevil.example');
  });

  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'evil.example',
    '',
  ])('sends %j home instead', (target) => {
    expect(safeRedirect(target)).toBe('/');
  });

  it('sends what a query string decodes to home as well', () => {
    const decoded = new URLSearchParams('redirectTo=/%09/evil.example').get('redirectTo');
    expect(safeRedirect(decoded, '/account')).toBe('/account');
    expect(safeRedirect(null, '/account')).toBe('/account');
  });
});
