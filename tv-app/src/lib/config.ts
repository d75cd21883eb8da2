/** What the app needs to know before it launches, read from the served `settings.json`. */
export interface AppConfig {
  apiUrl: string;
  version: string;
  /** Tests render Lao without its font to prove the font is what makes Lao legible. */
  laoFont: boolean;
  /** Smart TVs with broken WebGL drivers (and some CI machines) fall back to canvas 2D. */
  canvas2d: boolean;
}

interface SettingsFile {
  appSettings?: { apiUrl?: string; version?: string; [key: string]: unknown };
  platformSettings?: Record<string, unknown>;
}

export interface LoadedSettings {
  config: AppConfig;
  appSettings: Record<string, unknown>;
  platformSettings: Record<string, unknown>;
}

/**
 * `settings.json` holds the API URL (the server injects `API_URL` there at run time, so one build
 * serves every environment); `?api=` beats it so a test can point one page at its own API.
 */
export async function loadSettings(location: Location = window.location): Promise<LoadedSettings> {
  let file: SettingsFile = {};
  try {
    // The page asks for it before the scripts have loaded (index.html); a page without that asks now.
    const early = (window as { __lanxangSettings?: Promise<SettingsFile> }).__lanxangSettings;
    file = (await (early ?? fetchSettings())) ?? {};
  } catch {
    // A missing settings file must not stop the app: the defaults below still reach the API.
  }
  const query = new URLSearchParams(location.search);
  // An empty value counts as none, as in index.html's early request for Home (which must ask the
  // same address for the app to take its answer up).
  const apiUrl = (query.get('api') || file.appSettings?.apiUrl || 'http://127.0.0.1:3001').replace(
    /\/+$/,
    '',
  );
  const config: AppConfig = {
    apiUrl,
    version: file.appSettings?.version ?? '0.0.0',
    laoFont: laoFontWanted(location),
    canvas2d: query.get('renderer') === 'canvas2d',
  };
  return {
    config,
    appSettings: { ...file.appSettings, apiUrl },
    platformSettings: { ...file.platformSettings },
  };
}

async function fetchSettings(): Promise<SettingsFile> {
  const response = await fetch('settings.json', { cache: 'no-store' });
  return response.ok ? ((await response.json()) as SettingsFile) : {};
}

/** Read from the address alone, so the fonts can start loading before `settings.json` is in. */
export function laoFontWanted(location: Location = window.location): boolean {
  return new URLSearchParams(location.search).get('laoFont') !== 'off';
}

let current: AppConfig | undefined;

export function setConfig(config: AppConfig): void {
  current = config;
}

export function getConfig(): AppConfig {
  if (!current) throw new Error('getConfig() before loadSettings(): index.ts sets it first');
  return current;
}
