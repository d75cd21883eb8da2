import { Lightning } from '@lightningjs/sdk';
import { colors, font, text } from '../lib/theme';

interface ToastTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Label: object;
}

const SHOW_MS = 5000;

/** A short message at the top of the screen that needs no focus and goes away by itself. */
export class Toast
  extends Lightning.Component<ToastTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ToastTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Label = this.getByRef('Label')!;
  message: string | null = null;
  private timer?: ReturnType<typeof setTimeout>;

  static override _template(): Lightning.Component.Template<ToastTemplateSpec> {
    return {
      x: 960,
      y: 48,
      mountX: 0.5,
      alpha: 0,
      Background: {
        h: 88,
        rect: true,
        color: colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      },
      Label: { x: 40, y: 46, mountY: 0.5, text: { ...text(font.body), text: '' } },
    };
  }

  show(message: string): void {
    this.message = message;
    this.Label.text!.text = message;
    this.Label.loadTexture();
    const width = this.Label.renderWidth + 80;
    this.w = width;
    this.Background.w = width;
    this.Label.on('txLoaded', () => {
      this.w = this.Label.renderWidth + 80;
      this.Background.w = this.w;
    });
    this.setSmooth('alpha', 1, { duration: 0.2 });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), SHOW_MS);
  }

  hide(): void {
    this.message = null;
    this.setSmooth('alpha', 0, { duration: 0.3 });
  }
}
