import { asBlob, store } from './store';

/** A sheet a trickplay cue names (`sprite-001.jpg#xywh=…`), at the start of its line. */
const SHEET = /^([^\s#]+\.(jpg|jpeg|png|webp))(?=#xywh=)/gm;
const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** Index URLs made here and not yet released. */
const made = new Set<string>();

/**
 * A stored film's trickplay index as a blob: URL, its cues naming the sprite sheets by data: URLs
 * of the stored bytes. Lightning draws the sheets, and its image worker opens only http(s) and
 * data: URLs: neither our `lxoffline:` scheme nor blob: URLs. The index is read by our own
 * `fetch`, so a blob: URL does, released with `releaseOfflineImages` when the player closes (the
 * sheets' data: URLs go with the frames that hold them). `null` when the index or one of its
 * sheets is not stored: no thumbnails, and seeking works as before.
 */
export async function offlineTrickplayUrl(movieId: number, vttKey: string): Promise<string | null> {
  const index = await store.getFile(movieId, vttKey);
  if (!index) return null;
  const text = await asBlob(index).text();
  const sheets = new Map<string, string>();
  for (const [name, , extension] of text.matchAll(SHEET)) {
    if (sheets.has(name)) continue;
    const sheet = await store.getFile(movieId, sheetKey(vttKey, name));
    if (!sheet) return null;
    const type = IMAGE_TYPES[extension!.toLowerCase()]!;
    sheets.set(name, await dataUrl(new Blob([asBlob(sheet)], { type })));
  }
  const rewritten = text.replace(SHEET, (name) => sheets.get(name)!);
  const url = URL.createObjectURL(new Blob([rewritten], { type: 'text/vtt' }));
  made.add(url);
  return url;
}

/** Frees an index URL `offlineTrickplayUrl` made; any other URL is left alone. */
export function releaseOfflineImages(url: string | null | undefined): void {
  if (!url || !made.delete(url)) return;
  URL.revokeObjectURL(url);
}

/** The storage key of a sheet named relative to its index, as the server resolved it. */
function sheetKey(vttKey: string, name: string): string {
  const resolved = new URL(name, `https://store.invalid/${vttKey}`);
  return decodeURIComponent(resolved.pathname.slice(1));
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });
}
