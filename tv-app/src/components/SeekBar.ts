import { Lightning } from '@lightningjs/sdk';
import { formatClock } from '../lib/format';
import { t } from '../lib/i18n';
import { colors, font, SCREEN, text } from '../lib/theme';

interface SeekBarTemplateSpec extends Lightning.Component.TemplateSpec {
  Track: object;
  Buffered: object;
  Fill: object;
  Knob: object;
  Elapsed: object;
  Remaining: object;
}

/** The bar spans the screen between its side margins. */
export const SEEK_BAR = { w: SCREEN.w - SCREEN.marginX * 2, h: 8 } as const;

/** The player's progress bar: played, buffered, a knob at the position, elapsed and remaining time. */
export class SeekBar
  extends Lightning.Component<SeekBarTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<SeekBarTemplateSpec>
{
  readonly Track = this.getByRef('Track')!;
  readonly Buffered = this.getByRef('Buffered')!;
  readonly Fill = this.getByRef('Fill')!;
  readonly Knob = this.getByRef('Knob')!;
  readonly Elapsed = this.getByRef('Elapsed')!;
  readonly Remaining = this.getByRef('Remaining')!;

  static override _template(): Lightning.Component.Template<SeekBarTemplateSpec> {
    return {
      Track: { w: SEEK_BAR.w, h: SEEK_BAR.h, rect: true, color: 0x55ffffff },
      Buffered: { w: 0, h: SEEK_BAR.h, rect: true, color: 0x88ffffff },
      Fill: { w: 0, h: SEEK_BAR.h, rect: true, color: colors.accent },
      Knob: {
        x: 0,
        y: SEEK_BAR.h / 2,
        w: 28,
        h: 28,
        mount: 0.5,
        rect: true,
        color: colors.text,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 },
      },
      Elapsed: { y: 30, text: { ...text(font.small), text: '0:00' } },
      Remaining: { x: SEEK_BAR.w, y: 30, mountX: 1, text: { ...text(font.small), text: '' } },
    };
  }

  /** Where `time` falls on the bar, from its left end (0 while the length is unknown). */
  offsetOf(time: number, duration: number): number {
    return duration > 0 ? SEEK_BAR.w * Math.min(1, time / duration) : 0;
  }

  show(position: number, duration: number, bufferedEnd: number): void {
    const offset = this.offsetOf(position, duration);
    this.Fill.w = offset;
    this.Knob.x = offset;
    this.Buffered.w = this.offsetOf(bufferedEnd, duration);
    this.Elapsed.text!.text = formatClock(position);
    this.Remaining.text!.text = t('player.remaining', { time: formatClock(duration - position) });
  }

  /** A larger knob says the arrows seek now. */
  set seeking(on: boolean) {
    this.Knob.setSmooth('scale', on ? 1.3 : 1, { duration: 0.15 });
  }
}
