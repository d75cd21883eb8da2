import { Lightning } from '@lightningjs/sdk';
import { colors, font, text } from '../lib/theme';

interface ButtonTemplateSpec extends Lightning.Component.TemplateSpec {
  label: string;
  Background: object;
  Label: object;
}

const HEIGHT = 76;
const PADDING_X = 40;

/** A pill button whose width follows its label, so Lao (often longer than English) never clips. */
export class Button
  extends Lightning.Component<ButtonTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ButtonTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Label = this.getByRef('Label')!;
  onEnter?: () => void;
  /** Called when the label (so the width) changes; `flowButtons` uses it to keep a row tidy. */
  onResize?: () => void;

  static override _template(): Lightning.Component.Template<ButtonTemplateSpec> {
    return {
      h: HEIGHT,
      Background: {
        h: HEIGHT,
        rect: true,
        color: colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: HEIGHT / 2 },
      },
      Label: {
        x: PADDING_X,
        // Centred on the glyphs, not on the line box, which is tall to leave room for Lao marks.
        y: HEIGHT / 2 + 8,
        mountY: 0.5,
        text: { ...text(font.body, { bold: true }), text: '' },
      },
    };
  }

  set label(value: string) {
    this.Label.text!.text = value;
    // The width is known only once the text texture has been measured.
    this.Label.loadTexture();
    this.fitWidth();
  }

  get label(): string {
    return this.Label.text?.text ?? '';
  }

  override _init(): void {
    this.Label.on('txLoaded', () => this.fitWidth());
  }

  private fitWidth(): void {
    const width = Math.max(200, this.Label.renderWidth + PADDING_X * 2);
    if (width === this.w) return;
    this.w = width;
    this.Background.w = width;
    this.onResize?.();
  }

  override _focus(): void {
    this.Background.color = colors.accent;
    this.Label.text!.textColor = colors.accentText;
    this.setSmooth('scale', 1.06, { duration: 0.15 });
  }

  override _unfocus(): void {
    this.Background.color = colors.surfaceRaised;
    this.Label.text!.textColor = colors.text;
    this.setSmooth('scale', 1, { duration: 0.15 });
  }

  override _handleEnter(): boolean | void {
    if (!this.onEnter) return false;
    this.onEnter();
  }
}

/**
 * Lays buttons out left to right, `gap` apart, and again whenever one of them changes width (a
 * label's width is known only after its text texture is measured, and differs by language).
 */
export function flowButtons(buttons: Button[], gap = 24): void {
  const place = () => {
    let x = buttons[0]?.x ?? 0;
    for (const button of buttons) {
      if (!button.visible) continue;
      button.x = x;
      x += button.w + gap;
    }
  };
  for (const button of buttons) button.onResize = place;
  place();
}
