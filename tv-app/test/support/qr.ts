import type { LaunchedBrowser, Page } from '@lanxang/testing';
import { decodeQR } from '@paulmillr/qr/decode.js';

/**
 * Reads the QR code in `clip` off the screen as a phone camera would: from pixels, not from the
 * app. The PNG is turned into RGBA pixels by a scratch page's canvas, the decoder's input.
 */
export async function scanQrCode(
  page: Page,
  browser: LaunchedBrowser,
  clip: { x: number; y: number; width: number; height: number },
): Promise<string> {
  const png = await page.screenshot({ clip });
  const scratch = await browser.newPage();
  const pixels = await scratch.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, image.width, image.height);
    return { data: Array.from(data), width, height };
  }, png.toString('base64'));
  await scratch.close();
  return decodeQR({ ...pixels, data: Uint8Array.from(pixels.data) });
}
