import { Lightning } from '@lightningjs/sdk';
import type { Image, MovieCard } from '@lanxang/contracts';
import { imageUrlFor } from '@lanxang/contracts/images';
import { firstScreen } from '../lib/first-screen';
import { localized } from '../lib/i18n';
import { prefetchImage } from '../lib/prefetch';
import { setTexture } from '../lib/texture';
import { colors, font, text } from '../lib/theme';
import { ROUND_RECT_MARGIN, roundedRectTexture } from './rounded';
import { RoundedCorners } from './rounded-corners';

interface TileTemplateSpec extends Lightning.Component.TemplateSpec {
  Poster: object;
  Placeholder: object;
  Ring: object;
  Caption: object;
}

export const TILE = { w: 240, h: 360, gap: 32 } as const;
const RADIUS = 10;
const RING = { width: 6, radius: 14 };

/** Picks the smallest stored size that covers `width` pixels, so a poster never upscales. */
export function imageUrl(image: Image | null | undefined, width: number): string | undefined {
  return image ? imageUrlFor(image, width) : undefined;
}

/** Starts loading the posters of `movies` at the size their tiles draw. */
export function prefetchPosters(movies: readonly MovieCard[]): void {
  for (const movie of movies) {
    const url = imageUrl(movie.poster, TILE.w);
    if (url) prefetchImage(url);
  }
}

/**
 * A poster in a row. The poster image is not requested until `reveal()` is called: a Home screen
 * holds hundreds of tiles, and a TV has memory for only the visible few.
 */
export class Tile
  extends Lightning.Component<TileTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<TileTemplateSpec>
{
  readonly Poster = this.getByRef('Poster')!;
  readonly Placeholder = this.getByRef('Placeholder')!;
  readonly Ring = this.getByRef('Ring')!;
  readonly Caption = this.getByRef('Caption')!;
  private _movie?: MovieCard;
  private revealed = false;
  private settled = false;
  private posterWaiters: Array<() => void> = [];

  static override _template(): Lightning.Component.Template<TileTemplateSpec> {
    return {
      w: TILE.w,
      h: TILE.h,
      pivotY: 0.5,
      Ring: {
        x: -RING.width - ROUND_RECT_MARGIN,
        y: -RING.width - ROUND_RECT_MARGIN,
        alpha: 0,
        texture: roundedRectTexture(
          TILE.w + RING.width * 2,
          TILE.h + RING.width * 2,
          RING.radius,
          colors.focusRing,
        ),
      },
      Placeholder: {
        x: -ROUND_RECT_MARGIN,
        y: -ROUND_RECT_MARGIN,
        texture: roundedRectTexture(TILE.w, TILE.h, RADIUS, colors.surfaceRaised),
      },
      // The title shows on the placeholder only for a film with no poster, or one that failed:
      // one text texture rasterised per tile would cost every start more than it shows.
      Caption: {
        x: 16,
        y: 16,
        visible: false,
        text: {
          ...text(font.small, { bold: true }),
          wordWrapWidth: TILE.w - 32,
          maxLines: 4,
          text: '',
        },
      },
      // Loaded and decoded by Lightning's image worker like any image, its corners cut by a
      // shader as it draws: baking them into each poster on a canvas cost a slow TV about a
      // second of its first screen. Posters are 2:3 like the tile (TMDB's and ours); one of
      // another shape is stretched a little, since the shader cannot round a `cover` crop.
      Poster: {
        w: TILE.w,
        h: TILE.h,
        alpha: 0.001,
        shader: { type: RoundedCorners, radius: RADIUS },
      },
    };
  }

  set movie(movie: MovieCard) {
    this._movie = movie;
    this.refreshText();
  }

  get movie(): MovieCard {
    if (!this._movie) throw new Error('Tile without a movie');
    return this._movie;
  }

  refreshText(): void {
    if (this._movie) this.Caption.text!.text = localized(this._movie.title);
  }

  /** The poster has loaded, failed, or turned out to be missing: it is drawn as it will be. */
  get posterSettled(): boolean {
    return this.settled;
  }

  /** Resolves once `posterSettled`. */
  whenPosterSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.posterWaiters.push(resolve));
  }

  reveal(): void {
    if (this.revealed || !this._movie) return;
    this.revealed = true;
    const url = imageUrl(this._movie.poster, TILE.w);
    if (!url) {
      this.Caption.visible = true;
      this.settlePoster();
      return;
    }
    setTexture(this.Poster, { type: Lightning.textures.ImageTexture, src: url }, (shown) => {
      this.settlePoster();
      if (!shown) {
        this.Caption.visible = true;
        return;
      }
      if (!firstScreen.drawn) {
        this.Poster.alpha = 1;
        this.Placeholder.visible = false;
        return;
      }
      this.Poster.setSmooth('alpha', 1, { duration: 0.2 });
      // Once the poster covers it, the placeholder is only overdraw on every frame.
      this.Poster.transition('alpha').on('finish', () => {
        this.Placeholder.visible = false;
      });
    });
  }

  private settlePoster(): void {
    this.settled = true;
    for (const resolve of this.posterWaiters.splice(0)) resolve();
  }

  override _focus(): void {
    this.setSmooth('scale', 1.12, { duration: 0.18 });
    this.Ring.setSmooth('alpha', 1, { duration: 0.18 });
  }

  override _unfocus(): void {
    this.setSmooth('scale', 1, { duration: 0.18 });
    this.Ring.setSmooth('alpha', 0, { duration: 0.18 });
  }
}
