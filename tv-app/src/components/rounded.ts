import { Lightning } from '@lightningjs/sdk';

/**
 * Rounded corners drawn into textures once, so the elements showing them use Lightning's default
 * shader. A `RoundedRectangle` shader per element makes every poster its own draw call with its
 * own per-pixel corner maths, on every frame; textures on the default shader batch, and those
 * sharing one texture (every placeholder, every ring) draw as one.
 */

/**
 * A filled rounded rectangle, one texture for every element asking for the same one. Lightning
 * draws it with a pixel of margin on each side: place the element at `ROUND_RECT_MARGIN` less.
 */
export function roundedRectTexture(w: number, h: number, radius: number, color: number) {
  return Lightning.Tools.getRoundRect(w, h, radius, 0, 0, true, color);
}
export const ROUND_RECT_MARGIN = 1;

/**
 * An image cut to `w`×`h` the way `cover` fits it (centred, no distortion) with its corners
 * rounded, drawn at exactly that size: the texture holds only the pixels drawn, and the same
 * image at the same size is one texture wherever it shows. Fails (`txError`) as an image would.
 */
export function roundedImageTexture(url: string, w: number, h: number, radius: number) {
  const factory = (done: (error: Error | null, canvas?: HTMLCanvasElement) => void) => {
    let cancelled = false;
    void drawRoundedImage(url, w, h, radius).then(
      (canvas) => {
        if (!cancelled) done(null, canvas);
      },
      (error: unknown) => {
        if (!cancelled) done(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      cancelled = true;
    };
  };
  return Lightning.Tools.getCanvasTexture(factory, `rounded-image ${w}x${h} r${radius} ${url}`);
}

async function drawRoundedImage(
  url: string,
  w: number,
  h: number,
  radius: number,
): Promise<HTMLCanvasElement> {
  const response = await fetch(url, { mode: 'cors', credentials: 'omit' });
  if (!response.ok) throw new Error(`image ${response.status}: ${url}`);
  // Decoded off the main thread, as Lightning's image worker would.
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  // A canvas kept in main memory: uploading one drawn on the GPU would read its pixels back.
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas');
  const scale = Math.max(w / bitmap.width, h / bitmap.height);
  const sourceW = w / scale;
  const sourceH = h / scale;
  context.imageSmoothingQuality = 'high';
  traceRoundedRect(context, w, h, radius);
  context.clip();
  context.drawImage(
    bitmap,
    (bitmap.width - sourceW) / 2,
    (bitmap.height - sourceH) / 2,
    sourceW,
    sourceH,
    0,
    0,
    w,
    h,
  );
  bitmap.close();
  return canvas;
}

/** `roundRect` is newer than the TVs' Chromium 72; arcs draw the same path. */
function traceRoundedRect(context: CanvasRenderingContext2D, w: number, h: number, r: number) {
  context.beginPath();
  context.moveTo(r, 0);
  context.arcTo(w, 0, w, h, r);
  context.arcTo(w, h, 0, h, r);
  context.arcTo(0, h, 0, 0, r);
  context.arcTo(0, 0, w, 0, r);
  context.closePath();
}
