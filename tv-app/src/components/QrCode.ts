import { Lightning } from '@lightningjs/sdk';

interface QrCodeTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: object;
  Code: object;
}

/** White margin around the modules, in modules: the quiet zone scanners need (ISO 18004 asks 4). */
const QUIET_ZONE = 4;

/**
 * A QR code of a link, drawn once onto a canvas and shown as a Lightning texture. The encoder
 * (`@paulmillr/qr`, 12 KB gzip) is loaded on first use so it stays out of the start-up bundle. Each
 * module is a whole number of pixels, so the code is sharp at any size it is given.
 */
export class QrCode
  extends Lightning.Component<QrCodeTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<QrCodeTemplateSpec>
{
  readonly Panel = this.getByRef('Panel')!;
  readonly Code = this.getByRef('Code')!;
  /** The link the code on screen holds, once drawn. */
  shownText: string | null = null;
  private wanted: string | null = null;

  static override _template(): Lightning.Component.Template<QrCodeTemplateSpec> {
    return {
      Panel: {
        rect: true,
        color: 0xffffffff,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      },
      Code: {},
    };
  }

  /** Draws `text` into a square of about `size` pixels (a little less, to keep modules whole). */
  async show(text: string, size: number): Promise<void> {
    this.wanted = text;
    if (text === this.shownText) return;
    const { encodeQR } = await import('@paulmillr/qr');
    if (this.wanted !== text) return;
    // Medium error correction survives glare on a TV screen and keeps a URL at version 3–4.
    const modules = encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
    const modulePx = Math.max(1, Math.floor(size / modules.length));
    const side = modules.length * modulePx;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, side, side);
    context.fillStyle = '#000000';
    modules.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) context.fillRect(x * modulePx, y * modulePx, modulePx, modulePx);
      }),
    );
    const texture = new Lightning.textures.StaticCanvasTexture(this.stage);
    texture.content = { factory: (done) => done(null, canvas), lookupId: `qr:${side}:${text}` };
    const offset = Math.floor((size - side) / 2);
    this.Panel.patch({ w: size, h: size });
    this.Code.patch({ x: offset, y: offset, w: side, h: side, texture });
    this.shownText = text;
  }
}
