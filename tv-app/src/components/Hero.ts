import { Img, Lightning } from '@lightningjs/sdk';
import type { Image, MovieSummary } from '@lanxang/contracts';
import { firstScreen } from '../lib/first-screen';
import { localized, t } from '../lib/i18n';
import { prefetchImage } from '../lib/prefetch';
import { setTexture } from '../lib/texture';
import { yearOf } from '../lib/format';
import { colors, font, SCREEN, text } from '../lib/theme';
import { imageUrl } from './Tile';

interface HeroTemplateSpec extends Lightning.Component.TemplateSpec {
  Picture: { Backdrop: object; ShadeLeft: object; ShadeBottom: object };
  Info: {
    Title: object;
    Meta: object;
    Overview: object;
  };
}

/** How long focus must rest on a film before the hero shows it. */
const FOLLOW_DELAY_MS = 600;

/** The backdrop the hero shows for `movie`: the featured `image` when it has one. */
function backdropUrl(movie: MovieSummary, image: Image | null): string | undefined {
  return imageUrl(image ?? movie.backdrop, 1280);
}

/** Starts loading the backdrop the hero is about to show (images are kept a year). */
export function prefetchBackdrop(movie: MovieSummary, image: Image | null): void {
  const url = backdropUrl(movie, image);
  if (url) prefetchImage(url);
}

/**
 * The large backdrop with a film's title and overview. Home points it at whichever film has
 * focus; the change is debounced so holding an arrow key does not fetch every backdrop passed.
 */
export class Hero
  extends Lightning.Component<HeroTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<HeroTemplateSpec>
{
  readonly Backdrop = this.getByRef('Picture')!.getByRef('Backdrop')!;
  readonly Info = this.getByRef('Info')!;
  readonly Title = this.Info.getByRef('Title')!;
  readonly Meta = this.Info.getByRef('Meta')!;
  readonly Overview = this.Info.getByRef('Overview')!;
  private shown?: { movie: MovieSummary; image: Image | null };
  private pending?: ReturnType<typeof setTimeout>;
  private backdropUrl?: string;
  private backdropReady: Promise<void> = Promise.resolve();
  private settleBackdrop?: () => void;
  /** Changes wait for this: nothing replaces the first screen's backdrop before it is drawn. */
  private held: Promise<void> = Promise.resolve();

  static override _template(): Lightning.Component.Template<HeroTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      // The backdrop and its two shades, three full-screen layers, drawn into one texture that is
      // redrawn only when they change (a new backdrop, its fade): while the rows scroll, every
      // frame composites one layer instead of three. Blending each pixel three times is what a
      // TV's GPU (and software WebGL) spends a frame on.
      Picture: {
        w: 1920,
        h: 1080,
        renderToTexture: true,
        // Not 0: Lightning loads no texture for an element at alpha 0, and txLoaded would never come.
        Backdrop: { w: 1920, h: 1080, alpha: 0.001 },
        ShadeLeft: {
          w: 1400,
          h: 1080,
          rect: true,
          colorLeft: 0xf00b0d12,
          colorRight: 0x000b0d12,
        },
        ShadeBottom: {
          y: 380,
          w: 1920,
          h: 700,
          rect: true,
          colorTop: 0x000b0d12,
          colorBottom: 0xff0b0d12,
        },
      },
      Info: {
        x: SCREEN.marginX,
        y: 170,
        Title: {
          text: { ...text(font.title, { bold: true }), wordWrapWidth: 1200, maxLines: 1, text: '' },
        },
        Meta: { y: 120, text: { ...text(font.small, { color: colors.textDim }), text: '' } },
        Overview: {
          y: 170,
          text: {
            ...text(font.body, { color: colors.textDim }),
            wordWrapWidth: 1000,
            maxLines: 3,
            text: '',
          },
        },
      },
    };
  }

  show(movie: MovieSummary, image: Image | null, immediate = false): void {
    this.shown = { movie, image };
    clearTimeout(this.pending);
    // The text waits with the backdrop: re-rasterising the title and overview on every key press
    // would slow the frame that draws the new focus, and holding an arrow key would redo it for
    // every film passed. A new backdrop and text cost several slow frames (decode, three text
    // textures, the fade redrawing the cached picture): at 250 ms a slow TV scrolling a row at a
    // press every 100–300 ms paid them between presses, and scrolled at a quarter of the rate.
    const apply = () => {
      this.renderText();
      this.loadBackdrop(backdropUrl(movie, image));
    };
    if (immediate) apply();
    else
      this.pending = setTimeout(
        () => void this.held.then(() => this.shown?.movie === movie && apply()),
        FOLLOW_DELAY_MS,
      );
  }

  /** Holds focus-following changes (not immediate ones) until `until` settles. */
  holdUntil(until: Promise<unknown>): void {
    this.held = until.then(
      () => {},
      () => {},
    );
  }

  /** Resolves once the backdrop being shown has loaded (or failed). */
  backdropLoaded(): Promise<void> {
    return this.backdropReady;
  }

  get movie(): MovieSummary | undefined {
    return this.shown?.movie;
  }

  renderText(): void {
    if (!this.shown) return;
    const { movie } = this.shown;
    this.Title.text!.text = localized(movie.title);
    const meta = [
      yearOf(movie.releaseDate),
      movie.runtimeMinutes ? t('details.minutes', { count: movie.runtimeMinutes }) : '',
      movie.certification ?? '',
      movie.voteAverage ? `★ ${movie.voteAverage.toFixed(1)}` : '',
    ].filter(Boolean);
    this.Meta.text!.text = meta.join('  ·  ');
    this.Overview.text!.text = localized(movie.overview);
  }

  private loadBackdrop(url: string | undefined): void {
    if (url === this.backdropUrl) return;
    this.backdropUrl = url;
    // A backdrop replaced before it loaded settles too: whoever waited on it waits no longer.
    this.settleBackdrop?.();
    this.backdropReady = Promise.resolve();
    if (!url) {
      this.Backdrop.setSmooth('alpha', 0.001, { duration: 0.2 });
      return;
    }
    this.Backdrop.alpha = 0.001;
    this.backdropReady = new Promise((resolve) => {
      this.settleBackdrop = resolve;
      setTexture(this.Backdrop, Img(url).cover(1920, 1080), () => resolve());
    });
    // Fading in regardless of load state: one still loading simply draws nothing until it arrives.
    if (firstScreen.drawn) this.Backdrop.setSmooth('alpha', 0.75, { duration: 0.4 });
    else this.Backdrop.alpha = 0.75;
  }
}
