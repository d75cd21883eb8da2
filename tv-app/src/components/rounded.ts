import { Lightning } from '@lightningjs/sdk';

/**
 * Rounded shapes drawn into textures once, so the elements showing them use Lightning's default
 * shader: those sharing one texture (every placeholder, every focus ring) draw as one. Posters
 * are 2:3 images in 2:3 tiles and are rounded by a shader as they draw instead
 * (`rounded-corners.ts`, see `Tile`); a shader cannot round a picture that `cover` crops (it
 * draws a barrel), so photos cut to a circle (cast and crew) are rounded here, in a worker.
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
  const key = roundedImageKey(url, w, h, radius);
  const factory = (
    done: (error: Error | null, picture?: HTMLCanvasElement | ImageBitmap) => void,
  ) => {
    let cancelled = false;
    const picture = roundedImage(url, w, h, radius);
    void picture.then(
      (picture) => {
        if (!cancelled) done(null, picture);
        else if (picture instanceof ImageBitmap) picture.close();
      },
      (error: unknown) => {
        if (!cancelled) done(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      cancelled = true;
    };
  };
  // Lightning uploads an ImageBitmap as it is; from a canvas it first reads the pixels back.
  return Lightning.Tools.getCanvasTexture(
    factory as (done: (error: Error | null, canvas?: HTMLCanvasElement) => void) => () => void,
    key,
  );
}

const roundedImageKey = (url: string, w: number, h: number, radius: number) =>
  `rounded-image ${w}x${h} r${radius} ${url}`;

/**
 * Fetching, decoding and rounding in a worker, as Lightning's image worker does for plain images:
 * on the main thread each step waited for the frame being drawn to end. Where a worker cannot draw
 * (no `OffscreenCanvas`), the same steps run here.
 */
function roundedImage(
  url: string,
  w: number,
  h: number,
  radius: number,
): Promise<HTMLCanvasElement | ImageBitmap> {
  const worker = roundingWorker();
  if (!worker) return drawRoundedImage(url, w, h, radius);
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    requests.set(id, { resolve, reject });
    // Relative addresses (a test's images) resolve against the page, not the worker's blob: URL.
    worker.postMessage({ id, url: new URL(url, location.href).href, w, h, radius });
  });
}

type WorkerAnswer = { id: number; bitmap?: ImageBitmap; error?: string };

const requests = new Map<
  number,
  { resolve: (bitmap: ImageBitmap) => void; reject: (error: Error) => void }
>();
let nextRequest = 0;
let worker: Worker | null | undefined;

function roundingWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return worker;
  try {
    const source = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const created = new Worker(source);
    created.onmessage = ({ data }: MessageEvent<WorkerAnswer>) => {
      const request = requests.get(data.id);
      requests.delete(data.id);
      if (data.bitmap) request?.resolve(data.bitmap);
      else request?.reject(new Error(data.error ?? 'image failed'));
    };
    worker = created;
  } catch {
    // A page whose policy forbids blob: workers draws on the main thread.
  }
  return worker;
}

/**
 * The worker: `drawRounded` itself (its source), on an `OffscreenCanvas`, handed back as an
 * `ImageBitmap` (transferred, not copied).
 */
const WORKER_SOURCE = `const drawRounded = ${drawRounded.toString()};
self.onmessage = async (event) => {
  const { id, url, w, h, radius } = event.data;
  try {
    const canvas = new OffscreenCanvas(w, h);
    await drawRounded(canvas, url, radius);
    const bitmap = canvas.transferToImageBitmap();
    self.postMessage({ id, bitmap }, [bitmap]);
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error) });
  }
};`;

/** The worker's steps on the main thread, for a browser whose workers cannot draw. */
async function drawRoundedImage(
  url: string,
  w: number,
  h: number,
  radius: number,
): Promise<HTMLCanvasElement> {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  await drawRounded(canvas, url, radius);
  return canvas;
}

/**
 * Fetches the image and draws it onto `canvas`, cut the way `cover` fits it with its corners
 * rounded. The worker runs this function's source text: it names nothing outside itself and
 * defines no function inside (the bundler would add helpers the worker does not have).
 */
async function drawRounded(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  url: string,
  radius: number,
): Promise<void> {
  const response = await fetch(url, { mode: 'cors', credentials: 'omit' });
  if (!response.ok) throw new Error(`image ${response.status}: ${url}`);
  // Decoded off the main thread, as Lightning's image worker would, then cut and scaled to the
  // size drawn in one step (the way `cover` fits it): drawing a scaled image through a clip on
  // a canvas cost far more.
  const image = await createImageBitmap(await response.blob());
  const { width: w, height: h } = canvas;
  const scale = Math.max(w / image.width, h / image.height);
  const sourceW = w / scale;
  const sourceH = h / scale;
  const fitted = await createImageBitmap(
    image,
    (image.width - sourceW) / 2,
    (image.height - sourceH) / 2,
    sourceW,
    sourceH,
    { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' },
  );
  image.close();
  // In main memory: a canvas on the GPU would add its work to what draws the frames (on a TV,
  // and in software WebGL, the same processor), and uploading it would read its pixels back.
  const context = canvas.getContext('2d', { willReadFrequently: true }) as
    CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new Error('no 2D canvas');
  // `roundRect` is newer than the TVs' Chromium 72; arcs draw the same path.
  context.beginPath();
  context.moveTo(radius, 0);
  context.arcTo(w, 0, w, h, radius);
  context.arcTo(w, h, 0, h, radius);
  context.arcTo(0, h, 0, 0, radius);
  context.arcTo(0, 0, w, 0, radius);
  context.closePath();
  context.clip();
  context.drawImage(fitted, 0, 0);
  fitted.close();
}
