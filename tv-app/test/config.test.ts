import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../src/lib/config';

/** The page's early request for settings.json, as index.html makes it. */
function servedSettings(apiUrl: string): void {
  (globalThis as { window?: unknown }).window = {
    __lanxangSettings: Promise.resolve({ appSettings: { apiUrl } }),
  };
}

const at = (search: string) => ({ search }) as Location;

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

// index.html asks for Home from the same address before the app loads; the app takes that answer
// up only if it works the address out the same way.
describe("the TV's API address", () => {
  it('comes from settings.json, without a trailing slash', async () => {
    servedSettings('https://api.lanxang.example/');
    expect((await loadSettings(at(''))).config.apiUrl).toBe('https://api.lanxang.example');
  });

  it('is taken from ?api= before settings.json', async () => {
    servedSettings('https://api.lanxang.example');
    const { config, appSettings } = await loadSettings(at('?api=http://127.0.0.1:4001/'));
    expect(config.apiUrl).toBe('http://127.0.0.1:4001');
    expect(appSettings.apiUrl).toBe('http://127.0.0.1:4001');
  });

  it('ignores an empty ?api=, as index.html does', async () => {
    servedSettings('https://api.lanxang.example');
    expect((await loadSettings(at('?api='))).config.apiUrl).toBe('https://api.lanxang.example');
  });
});
