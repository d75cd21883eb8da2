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
    const response = await fetch('settings.json', { cache: 'no-store' });
    if (response.ok) file = (await response.json()) as SettingsFile;
  } catch {
    // A missing settings file must not stop the app: the defaults below still reach the API.
  }
  const query = new URLSearchParams(location.search);
  const apiUrl = (query.get('api') ?? file.appSettings?.apiUrl ?? 'http://127.0.0.1:3001').replace(
    /\/+$/,
    '',
  );
  const config: AppConfig = {
    apiUrl,
    version: file.appSettings?.version ?? '0.0.0',
    laoFont: query.get('laoFont') !== 'off',
    canvas2d: query.get('renderer') === 'canvas2d',
  };
  return {
    config,
    appSettings: { ...file.appSettings, apiUrl },
    platformSettings: { ...file.platformSettings },
  };
}

let current: AppConfig | undefined;

export function setConfig(config: AppConfig): void {
  current = config;
}

export function getConfig(): AppConfig {
  if (!current) throw new Error('getConfig() before loadSettings(): index.ts sets it first');
  return current;
}
