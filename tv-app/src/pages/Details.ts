import { Img, Lightning, Router } from '@lightningjs/sdk';
import type { MovieDetails } from '@lanxang/contracts';
import { Button, flowButtons } from '../components/Button';
import { DownloadProgressView } from '../components/DownloadProgressView';
import { QualityMenu } from '../components/QualityMenu';
import { PERSON_TILE, PersonTile } from '../components/PersonTile';
import { Row } from '../components/Row';
import { imageUrl, Tile, TILE } from '../components/Tile';
import type { DebugInfoSource } from '../lib/debug';
import { formatClock, yearOf } from '../lib/format';
import { currentLocale, localized, t } from '../lib/i18n';
import { priceLabel, timeLeftLabel } from '../lib/rental-text';
import { colors, font, SCREEN, text } from '../lib/theme';
import { getRentalPrice, needsRental, type RentalPrice } from '../services/rentals';
import { chooseStart, resumePointFor } from '../services/progress';
import { DetailsDownload } from './details-download';

interface DetailsTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Backdrop: object;
  Shade: object;
  Content: {
    Poster: object;
    Title: object;
    Meta: object;
    Genres: object;
    Overview: object;
    Director: object;
    Buttons: {
      Resume: typeof Button;
      Play: typeof Button;
      Download: typeof Button;
      Similar: typeof Button;
    };
    Cast: typeof Row;
    SimilarRow: typeof Row;
  };
  QualityMenu: typeof QualityMenu;
  DownloadProgress: typeof DownloadProgressView;
}

interface DetailsTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

export function isPlayable(movie: MovieDetails): boolean {
  return movie.videoSources.some((source) => source.status === 'ready');
}

const CAST_Y = 720;
const SIMILAR_Y = CAST_Y + PERSON_TILE.h + 140;
type Section = 'Buttons' | 'Cast' | 'SimilarRow';

/**
 * Everything about one film. Focus moves Buttons ↕ Cast ↕ Similar; the content scrolls up so the
 * focused section is on screen. Rent, Download and My List join the button row in later issues.
 */
export class Details
  extends Lightning.Component<DetailsTemplateSpec, DetailsTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<DetailsTemplateSpec>, DebugInfoSource
{
  readonly Backdrop = this.getByRef('Backdrop')!;
  readonly Content = this.getByRef('Content')!;
  readonly Poster = this.Content.getByRef('Poster')!;
  readonly Title = this.Content.getByRef('Title')!;
  readonly Meta = this.Content.getByRef('Meta')!;
  readonly Genres = this.Content.getByRef('Genres')!;
  readonly Overview = this.Content.getByRef('Overview')!;
  readonly Director = this.Content.getByRef('Director')!;
  readonly Buttons = this.Content.getByRef('Buttons')!;
  readonly ResumeButton = this.Buttons.getByRef('Resume')!;
  readonly PlayButton = this.Buttons.getByRef('Play')!;
  readonly DownloadButton = this.Buttons.getByRef('Download')!;
  readonly SimilarButton = this.Buttons.getByRef('Similar')!;
  readonly Cast = this.Content.getByRef('Cast')!;
  readonly SimilarRow = this.Content.getByRef('SimilarRow')!;
  readonly QualityMenu = this.getByRef('QualityMenu')!;
  readonly DownloadProgress = this.getByRef('DownloadProgress')!;
  private readonly downloads = new DetailsDownload({
    button: this.DownloadButton,
    menu: this.QualityMenu,
    progress: this.DownloadProgress,
    focus: (overlay) => this._setState(overlay ?? 'Buttons'),
    relayout: () => this.relayoutButtons(),
  });
  private movie?: MovieDetails;
  /** A rental film's price, and the viewer's rental of it; undefined until the API answers. */
  private offer?: RentalPrice;
  private renderedLocale?: string;
  private buttonIndex = 0;
  /** Where Resume starts, or null when there is nothing to resume (Resume is hidden). */
  private resumeAt: number | null = null;
  private section: Section = 'Buttons';

  static override _template(): Lightning.Component.Template<DetailsTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      // Not 0: Lightning loads no texture for an element at alpha 0, and txLoaded would never come.
      Backdrop: { w: 1920, h: 1080, alpha: 0.001 },
      Shade: { w: 1920, h: 1080, rect: true, colorLeft: 0xf80b0d12, colorRight: 0x990b0d12 },
      Content: {
        Poster: {
          x: SCREEN.marginX,
          y: 120,
          w: 342,
          h: 513,
          rect: true,
          color: colors.surfaceRaised,
        },
        Title: {
          x: 520,
          y: 110,
          text: { ...text(font.title, { bold: true }), wordWrapWidth: 1300, maxLines: 2, text: '' },
        },
        Meta: {
          x: 520,
          y: 230,
          text: { ...text(font.small, { color: colors.textDim }), text: '' },
        },
        Genres: {
          x: 520,
          y: 280,
          text: { ...text(font.small, { color: colors.accent }), text: '' },
        },
        Overview: {
          x: 520,
          y: 340,
          text: {
            ...text(font.body, { color: colors.textDim }),
            wordWrapWidth: 1250,
            maxLines: 4,
            text: '',
          },
        },
        Director: {
          x: 520,
          y: 540,
          text: { ...text(font.small, { color: colors.textDim }), text: '' },
        },
        Buttons: {
          x: 520,
          y: 600,
          Resume: { type: Button, visible: false },
          Play: { type: Button },
          Download: { type: Button, visible: false },
          Similar: { type: Button },
        },
        Cast: { type: Row, y: CAST_Y },
        SimilarRow: { type: Row, y: SIMILAR_Y },
      },
      QualityMenu: { type: QualityMenu, zIndex: 50 },
      DownloadProgress: { type: DownloadProgressView, zIndex: 50 },
    };
  }

  /** Set by the route's data provider. */
  set details(movie: MovieDetails) {
    const changed = movie.id !== this.movie?.id;
    this.movie = movie;
    if (changed) {
      this.offer = undefined;
      this.section = 'Buttons';
      this.buttonIndex = 0;
      this.Content.y = 0;
      this.resumeAt = null;
      this.build();
    }
    this.renderText();
    this._setState(this.section);
    void this.loadResumePoint();
  }

  /** Resume appears (with its time) when the viewer stopped this film part-way. */
  private async loadResumePoint(): Promise<void> {
    const movie = this.movie;
    if (!movie || !isPlayable(movie)) return;
    const resumeAt = await resumePointFor(movie);
    if (movie !== this.movie || resumeAt === this.resumeAt) return;
    const focused = this.visibleButtons()[this.buttonIndex];
    this.resumeAt = resumeAt;
    this.renderText();
    // The first button keeps focus (Resume, when it appears, is the likely choice); any other
    // focused button keeps it.
    if (this.buttonIndex > 0 && focused) {
      this.buttonIndex = Math.max(0, this.visibleButtons().indexOf(focused));
    }
    this._refocus();
  }

  private visibleButtons(): Button[] {
    return [this.ResumeButton, this.PlayButton, this.DownloadButton, this.SimilarButton].filter(
      (button) => button.visible,
    );
  }

  private build(): void {
    const movie = this.movie;
    if (!movie) return;
    const poster = imageUrl(movie.poster, 342);
    this.Poster.patch(
      poster
        ? { color: 0xffffffff, texture: Img(poster).cover(342, 513) }
        : { texture: null, color: colors.surfaceRaised },
    );
    const backdrop = imageUrl(movie.backdrop, 1280);
    this.Backdrop.alpha = 0.001;
    if (backdrop) {
      this.Backdrop.texture = Img(backdrop).cover(1920, 1080);
      this.Backdrop.setSmooth('alpha', 0.6, { duration: 0.3 });
    }
    this.Cast.setItems(
      movie.cast
        .slice()
        .sort((a, b) => a.order - b.order)
        .map((member) => ({ type: PersonTile, person: member.person, role: member.character })),
      { itemWidth: PERSON_TILE.w, itemHeight: PERSON_TILE.h, gap: 48 },
    );
    this.Cast.index = 0;
    this.Cast.onItemEnter = (item) => Router.navigate(`person/${(item as PersonTile).person.id}`);
    this.SimilarRow.setItems(
      movie.similar.map((similar) => ({ type: Tile, movie: similar })),
      { itemWidth: TILE.w, itemHeight: TILE.h, gap: TILE.gap },
    );
    this.SimilarRow.index = 0;
    this.SimilarRow.onItemEnter = (item) => Router.navigate(`movie/${(item as Tile).movie.slug}`);
    this.Cast.visible = movie.cast.length > 0;
    this.SimilarRow.visible = movie.similar.length > 0;
    this.SimilarRow.y = movie.cast.length > 0 ? SIMILAR_Y : CAST_Y;
    this.Cast.revealVisible();
  }

  private renderText(): void {
    const movie = this.movie;
    if (!movie) return;
    this.renderedLocale = currentLocale();
    this.Title.text!.text = localized(movie.title);
    this.Meta.text!.text = [
      yearOf(movie.releaseDate),
      movie.runtimeMinutes ? t('details.minutes', { count: movie.runtimeMinutes }) : '',
      movie.certification ?? '',
      movie.voteAverage ? `★ ${movie.voteAverage.toFixed(1)}` : '',
      movie.rentalRequired ? this.rentalText() : '',
    ]
      .filter(Boolean)
      .join('  ·  ');
    this.Genres.text!.text = movie.genres.map((genre) => localized(genre.name)).join('  ·  ');
    this.Overview.text!.text = localized(movie.overview);
    const directors = movie.crew
      .filter((member) => member.job.en === 'Director')
      .map((member) => localized(member.person.name));
    this.Director.text!.text =
      directors.length > 0 ? t('details.director', { names: directors.join(', ') }) : '';
    const resumeAt = needsRental(movie, this.offer) ? null : this.resumeAt;
    this.ResumeButton.visible = resumeAt !== null;
    if (resumeAt !== null) {
      this.ResumeButton.label = t('details.resumeFrom', { time: formatClock(resumeAt) });
    }
    this.PlayButton.label = !isPlayable(movie)
      ? t('details.notPlayable')
      : needsRental(movie, this.offer)
        ? t('details.rent')
        : resumeAt !== null
          ? t('details.playFromStart')
          : t('details.play');
    this.SimilarButton.label = t('details.moreLikeThis');
    this.SimilarButton.visible = movie.similar.length > 0;
    this.Cast.title = t('details.cast');
    this.SimilarRow.title = t('details.similar');
    this.Cast.refreshText();
    this.SimilarRow.refreshText();
    this.relayoutButtons();
    if (isPlayable(movie)) void this.downloads.show(movie, !needsRental(movie, this.offer));
  }

  private relayoutButtons(): void {
    flowButtons([this.ResumeButton, this.PlayButton, this.DownloadButton, this.SimilarButton]);
    const count = this.visibleButtons().length;
    if (this.buttonIndex >= count) this.buttonIndex = Math.max(0, count - 1);
    this._refocus();
  }

  override _inactive(): void {
    this.downloads.closeOverlays();
  }

  override _active(): void {
    if (this.renderedLocale !== currentLocale()) this.renderText();
    // Every time: the viewer may just have rented the film, or the rental may have run out.
    if (this.movie?.rentalRequired) void this.loadOffer(this.movie);
    // Back from the player: the resume point has moved (or gone, at the end).
    void this.loadResumePoint();
  }

  private async loadOffer(movie: MovieDetails): Promise<void> {
    const offer = await getRentalPrice(movie).catch(() => undefined);
    if (!offer || movie !== this.movie) return;
    this.offer = offer;
    this.renderText();
  }

  private rentalText(): string {
    const offer = this.offer;
    if (!offer) return t('details.rental');
    return offer.activeRentalExpiresAt
      ? timeLeftLabel(offer.activeRentalExpiresAt)
      : priceLabel(offer.amount, offer.rentalHours);
  }

  debugInfo(): {
    slug: string | undefined;
    section: Section;
    playable: boolean;
    button: string;
    meta: string;
    resumeAt: number | null;
    download: string;
    qualityMenu: ReturnType<QualityMenu['snapshot']>;
    progress: ReturnType<DownloadProgressView['snapshot']>;
  } {
    return {
      slug: this.movie?.slug,
      section: this.section,
      playable: this.movie ? isPlayable(this.movie) : false,
      button: this.PlayButton.label,
      meta: this.Meta.text?.text ?? '',
      resumeAt: this.resumeAt,
      download: this.downloads.label,
      qualityMenu: this.QualityMenu.snapshot(),
      progress: this.DownloadProgress.snapshot(),
    };
  }

  private focusSection(section: Section): void {
    this.section = section;
    // Scroll so the focused row sits in the lower half of the screen with the title still visible.
    const target =
      section === 'Buttons' ? 0 : section === 'Cast' ? -(CAST_Y - 560) : -(this.SimilarRow.y - 500);
    this.Content.setSmooth('y', target, { duration: 0.3 });
    if (section === 'SimilarRow') this.SimilarRow.revealVisible();
    this._setState(section);
  }

  private sections(): Section[] {
    const list: Section[] = ['Buttons'];
    if (this.movie?.cast.length) list.push('Cast');
    if (this.movie?.similar.length) list.push('SimilarRow');
    return list;
  }

  override _handleUp(): void {
    const list = this.sections();
    const at = list.indexOf(this.section);
    if (at > 0) this.focusSection(list[at - 1]!);
  }

  override _handleDown(): void {
    const list = this.sections();
    const at = list.indexOf(this.section);
    if (at < list.length - 1) this.focusSection(list[at + 1]!);
  }

  /** The Router stores this when the viewer leaves and hands it back on Back. */
  override historyState(params?: Record<string, unknown> | null): Record<string, unknown> | null {
    if (params) {
      const section = params.section;
      if (section === 'Cast' || section === 'SimilarRow' || section === 'Buttons')
        this.section = section;
      return null;
    }
    return { section: this.section };
  }

  static override _states() {
    return [
      class Buttons extends this {
        override _handleLeft() {
          this.buttonIndex = Math.max(0, this.buttonIndex - 1);
          this._refocus();
        }
        override _handleRight() {
          this.buttonIndex = Math.min(this.visibleButtons().length - 1, this.buttonIndex + 1);
          this._refocus();
        }
        override _handleEnter() {
          const movie = this.movie;
          const button = this.visibleButtons()[this.buttonIndex];
          if (!movie) return;
          if (button === this.SimilarButton) this.focusSection('SimilarRow');
          else if (button === this.DownloadButton) this.downloads.enter();
          else if (!isPlayable(movie)) return;
          else if (needsRental(movie, this.offer)) Router.navigate(`rent/${movie.slug}`);
          else {
            // The choice is made here, so the player does not ask again.
            chooseStart(movie, button === this.ResumeButton ? (this.resumeAt ?? 0) : 0);
            Router.navigate(`play/${movie.slug}`);
          }
        }
        override _getFocused() {
          return this.visibleButtons()[this.buttonIndex] ?? this.PlayButton;
        }
      },
      class QualityMenu extends this {
        override _getFocused() {
          return this.QualityMenu;
        }
      },
      class DownloadProgress extends this {
        override _getFocused() {
          return this.DownloadProgress;
        }
      },
      class Cast extends this {
        override _getFocused() {
          return this.Cast;
        }
      },
      class SimilarRow extends this {
        override _getFocused() {
          return this.SimilarRow;
        }
      },
    ];
  }
}
