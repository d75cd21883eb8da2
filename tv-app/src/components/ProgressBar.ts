import { Lightning } from '@lightningjs/sdk';
import { colors } from '../lib/theme';

interface ProgressBarTemplateSpec extends Lightning.Component.TemplateSpec {
  Track: object;
  Fill: object;
}

const HEIGHT = 8;

/** How much of a film has been watched: a thin bar, as wide as the element is. */
export class ProgressBar
  extends Lightning.Component<ProgressBarTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ProgressBarTemplateSpec>
{
  readonly Track = this.getByRef('Track')!;
  readonly Fill = this.getByRef('Fill')!;
  private _fraction = 0;

  static override _template(): Lightning.Component.Template<ProgressBarTemplateSpec> {
    return {
      h: HEIGHT,
      Track: {
        h: HEIGHT,
        rect: true,
        color: 0x99ffffff,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: HEIGHT / 2 },
      },
      Fill: {
        h: HEIGHT,
        rect: true,
        color: colors.accent,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: HEIGHT / 2 },
      },
    };
  }

  /** 0 to 1. */
  set fraction(value: number) {
    this._fraction = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
    this.layout();
  }

  get fraction(): number {
    return this._fraction;
  }

  override _init(): void {
    this.layout();
  }

  private layout(): void {
    this.Track.w = this.w;
    // A sliver even at the very start, so the bar reads as progress rather than as a gap.
    this.Fill.w = Math.max(HEIGHT, this.w * this._fraction);
  }
}
