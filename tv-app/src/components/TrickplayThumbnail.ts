import { Lightning } from '@lightningjs/sdk';
import type { Playback } from '@lanxang/contracts';
import type { PlayerSnapshot } from '../lib/debug';
import { formatClock } from '../lib/format';
import { setTexture } from '../lib/texture';
import { colors, font, text } from '../lib/theme';
import { withCurrentToken } from '../player/media-token';
import { frameAt, loadTrickplay, type TrickplayFrame } from '../player/trickplay';

interface TrickplayThumbnailTemplateSpec extends Lightning.Component.TemplateSpec {
  Image: object;
  Time: object;
}

/** Seek thumbnails are 16:9, in a light frame. */
export const THUMBNAIL = { w: 384, h: 216, border: 4 } as const;
/** How long the thumbnail stays once the seek is made: the viewer sees where they landed. */
const LINGER_MS = 1200;

/**
 * The trickplay frame for a seek target, with its time. It loads the film's index itself; without
 * one (or while it loads) it shows nothing, and seeking works as before.
 */
export class TrickplayThumbnail
  extends Lightning.Component<TrickplayThumbnailTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<TrickplayThumbnailTemplateSpec>
{
  readonly Image = this.getByRef('Image')!;
  readonly Time = this.getByRef('Time')!;
  private requested: Playback['trickplay'] = null;
  private frames: TrickplayFrame[] = [];
  private shownFrame: TrickplayFrame | null = null;
  private shownTime: number | null = null;
  private drawn = false;
  private lingerTimer?: ReturnType<typeof setTimeout>;

  static override _template(): Lightning.Component.Template<TrickplayThumbnailTemplateSpec> {
    return {
      w: THUMBNAIL.w + THUMBNAIL.border * 2,
      h: THUMBNAIL.h + THUMBNAIL.border * 2,
      rect: true,
      color: colors.text,
      alpha: 0,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 },
      Image: { x: THUMBNAIL.border, y: THUMBNAIL.border, w: THUMBNAIL.w, h: THUMBNAIL.h },
      Time: {
        x: THUMBNAIL.w / 2 + THUMBNAIL.border,
        y: THUMBNAIL.h + THUMBNAIL.border - 12,
        mountX: 0.5,
        mountY: 1,
        text: { ...text(font.small, { bold: true }), text: '', shadow: true },
      },
    };
  }

  load(trickplay: Playback['trickplay']): void {
    this.frames = [];
    this.requested = trickplay;
    void loadTrickplay(trickplay).then((frames) => {
      if (this.requested === trickplay) this.frames = frames;
    });
  }

  /** The frame for `time`, centred on `centre` (in the parent's coordinates) within [left, right]. */
  showAt(time: number, centre: number, left: number, right: number): void {
    const frame = frameAt(this.frames, time);
    if (!frame) return;
    clearTimeout(this.lingerTimer);
    if (frame.sheetUrl !== this.shownFrame?.sheetUrl) {
      this.drawn = false;
      const sheet = {
        type: Lightning.textures.ImageTexture,
        src: withCurrentToken(frame.sheetUrl),
      };
      setTexture(this.Image, sheet, (shown) => (this.drawn = shown));
    }
    // One sheet holds many frames: only the region changes between them.
    this.Image.texture?.enableClipping(frame.x, frame.y, frame.w, frame.h);
    this.shownFrame = frame;
    this.shownTime = time;
    this.x = Math.max(left, Math.min(right - this.w, centre - this.w / 2));
    this.Time.text!.text = formatClock(time);
    this.alpha = 1;
  }

  /** The seek is made: the frame stays a moment, then goes. */
  linger(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.hide(), LINGER_MS);
  }

  hide(): void {
    clearTimeout(this.lingerTimer);
    this.shownTime = null;
    this.setSmooth('alpha', 0, { duration: 0.2 });
  }

  get frameCount(): number {
    return this.frames.length;
  }

  snapshot(): PlayerSnapshot['thumbnail'] {
    if (this.shownTime === null || !this.shownFrame) return null;
    const { sheetUrl, x, y, w, h } = this.shownFrame;
    return { time: this.shownTime, sheetUrl, region: [x, y, w, h], drawn: this.drawn };
  }
}
