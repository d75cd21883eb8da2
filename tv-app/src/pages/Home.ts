import { Lightning, Router } from '@lightningjs/sdk';
import type {
  ContinueWatchingEntry,
  Home as HomeData,
  Image,
  MovieSummary,
} from '@lanxang/contracts';
import { Button, flowButtons } from '../components/Button';
import { ContinueTile } from '../components/ContinueTile';
import { Hero, prefetchBackdrop } from '../components/Hero';
import { itemsAcross, Row } from '../components/Row';
import { prefetchPosters, Tile, TILE } from '../components/Tile';
import { debugReport, type DebugInfoSource } from '../lib/debug';
import { firstScreen } from '../lib/first-screen';
import { currentLocale, localized, t } from '../lib/i18n';
import { myRentalsRow, type ShownRow } from '../lib/rental-text';
import { colors, font, SCREEN, text } from '../lib/theme';
import { type CatalogRow, HomeRowPages } from '../services/home-rows';
import { getActiveRentals, type Rental } from '../services/rentals';
import { continueWatching, retryQueuedProgress } from '../services/progress';

interface HomeTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Hero: typeof Hero;
  Brand: object;
  Nav: { Downloads: typeof Button; Search: typeof Button; Settings: typeof Button };
  Actions: { Play: typeof Button; More: typeof Button };
  Rows: object;
  Empty: object;
}

interface HomeTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

/** What the route gives Home: the catalog's rows, the same for everyone, and the viewer's own. */
export interface HomeScreen {
  catalog: HomeData;
  continueWatching: ContinueWatchingEntry[];
}

const ROWS_TOP = 660;
/** The id of the Continue watching row the page builds from the viewer's progress. */
const CONTINUE_WATCHING = 'continue-watching';
const ROW_HEIGHT = TILE.h + 140;
/** A row's further cards are fetched once focus is this many cards from its last. */
const CARDS_AHEAD = 7;
/** The nav's buttons, left to right, as the routes they open. */
const NAV = ['downloads', 'search', 'settings'] as const;

/**
 * Hero on top, rows below. Focus moves Nav ↕ Actions ↕ Rows; inside the rows the page scrolls so
 * the focused row sits where the first one started, and the hero shows the focused film.
 */
export class Home
  extends Lightning.Component<HomeTemplateSpec, HomeTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<HomeTemplateSpec>, DebugInfoSource
{
  readonly Hero = this.getByRef('Hero')!;
  readonly Nav = this.getByRef('Nav')!;
  readonly DownloadsNav = this.Nav.getByRef('Downloads')!;
  readonly Search = this.Nav.getByRef('Search')!;
  readonly Settings = this.Nav.getByRef('Settings')!;
  readonly Actions = this.getByRef('Actions')!;
  readonly Play = this.Actions.getByRef('Play')!;
  readonly More = this.Actions.getByRef('More')!;
  readonly Rows = this.getByRef('Rows')!;
  readonly Empty = this.getByRef('Empty')!;
  private data?: HomeData;
  /** Shown as "My rentals" above the catalog rows while any is running. */
  private rentals: Rental[] = [];
  /** Continue watching, kept apart from `data`: it changes each time the viewer comes back. */
  private continueEntries: ContinueWatchingEntry[] = [];
  /** The rows as last built, in order: `rows[i]` draws `shownRows[i]`. */
  private shownRows: ShownRow[] = [];
  private readonly pages = new HomeRowPages();
  private renderedLocale?: string;
  private rowIndex = 0;
  /** Search, unless the viewer moved: Downloads sits to its left. */
  private navIndex = 1;
  private actionIndex = 0;
  private firstScreenShown = false;
  /** Continue watching just came with the route's data: the next `_active` needn't ask again. */
  private continueFresh = false;

  static override _template(): Lightning.Component.Template<HomeTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Hero: { type: Hero },
      Brand: {
        x: SCREEN.marginX,
        y: 48,
        text: { ...text(font.heading, { bold: true, color: colors.accent }), text: 'Lanxang' },
      },
      Nav: {
        y: 40,
        Downloads: { type: Button },
        Search: { type: Button },
        Settings: { type: Button },
      },
      Actions: {
        x: SCREEN.marginX,
        y: 470,
        Play: { type: Button },
        More: { type: Button },
      },
      Rows: { y: ROWS_TOP },
      Empty: {
        x: SCREEN.marginX,
        y: ROWS_TOP,
        text: { ...text(font.body, { color: colors.textDim }), text: '' },
      },
    };
  }

  /** Set by the route's data provider. */
  set home({ catalog, continueWatching: entries }: HomeScreen) {
    this.continueFresh = true;
    if (catalog === this.data) {
      this.showContinueWatching(entries);
      return;
    }
    this.data = catalog;
    this.continueEntries = entries;
    this.buildRows();
    this.renderText();
  }

  private get rows(): Row[] {
    return this.Rows.children as Row[];
  }

  private buildRows(): void {
    const data = this.data;
    if (!data) return;
    const visibleRows = rowsShown(this.data, this.continueEntries, this.rentals);
    this.shownRows = visibleRows;
    this.Rows.children = visibleRows.map((row, index) => ({
      type: Row,
      ref: `Row-${row.id}`,
      y: index * ROW_HEIGHT,
      deferred: true,
    }));
    this.rows.forEach((row, index) => {
      const source = visibleRows[index]!;
      row.setItems(
        source.id === CONTINUE_WATCHING
          ? this.continueEntries.map((entry) => ({ type: ContinueTile, entry }))
          : source.items.map((movie) => ({ type: Tile, movie })),
        { itemWidth: TILE.w, itemHeight: TILE.h, gap: TILE.gap },
      );
      // The hero shows the row's own film: a tile holds only what it draws.
      row.onItemFocus = (_item, itemIndex) => {
        const movie = source.items[itemIndex];
        if (movie) this.Hero.show(movie, null);
        if (itemIndex >= source.items.length - CARDS_AHEAD) void this.loadMore(source);
      };
      // A film in Continue watching plays at once (asking where to start); others open Details.
      row.onItemEnter = (item) =>
        Router.navigate(
          `${item instanceof ContinueTile ? 'play' : 'movie'}/${(item as Tile).movie.slug}`,
        );
    });
    this.rowIndex = Math.min(this.rowIndex, Math.max(0, this.rows.length - 1));
    this.placeRows();
    const opening = openingHero(data);
    if (opening) this.Hero.show(opening.movie, opening.image, true);
    this.Empty.visible = this.rows.length === 0;
    // A rebuild on return (Continue watching changed) keeps focus where the viewer left it.
    const state = this._getState();
    if (state === '' || (state === 'Rows' && this.rows.length === 0)) {
      this._setState(this.rows.length > 0 ? 'Rows' : 'Nav');
    } else this._refocus();
  }

  /** Continue watching as it is now; rebuilt only if it changed, so focus stays put otherwise. */
  private async refreshContinueWatching(): Promise<void> {
    this.showContinueWatching(await continueWatching());
  }

  private showContinueWatching(entries: ContinueWatchingEntry[]): void {
    const key = (list: ContinueWatchingEntry[]) =>
      list.map((entry) => `${entry.movieId}@${entry.positionSeconds}`).join();
    if (!this.data || key(entries) === key(this.continueEntries)) return;
    // The row appearing or going shifts the others: focus stays on the row it was on, except on
    // the top row, which stays on top (and so becomes Continue watching).
    const shift = Number(entries.length > 0) - Number(this.continueEntries.length > 0);
    if (this.rowIndex > 0) this.rowIndex = Math.max(0, this.rowIndex + shift);
    this.continueEntries = entries;
    this.buildRows();
    this.renderText();
    if (this._getState() === 'Rows') this.scrollRows();
  }

  /** Fetches a catalog row's next cards and adds them to the row drawing it, wherever it is now. */
  private async loadMore(source: ShownRow): Promise<void> {
    if (!isCatalogRow(source)) return;
    const added = await this.pages.more(source);
    const index = this.shownRows.indexOf(source);
    const row = this.rows[index];
    // Gone from Home meanwhile: a rebuild draws whatever it then holds.
    if (added.length === 0 || !row) return;
    row.appendItems(added.map((movie) => ({ type: Tile, movie })));
    if (index === this.rowIndex && this._getState() === 'Rows') this._refocus();
    this.placeRows();
  }

  private renderText(): void {
    this.renderedLocale = currentLocale();
    this.DownloadsNav.label = t('nav.downloads');
    this.Search.label = t('nav.search');
    this.Settings.label = t('nav.settings');
    this.Play.label = t('home.play');
    this.More.label = t('home.moreInfo');
    this.Empty.text!.text = t('home.empty');
    this.rows.forEach((row, index) => {
      const source = this.shownRows[index];
      if (source?.id === CONTINUE_WATCHING) row.title = t('home.continueWatching');
      else if (source) row.title = localized(source.title);
      row.refreshText();
    });
    this.Hero.renderText();
    this.layoutButtons();
  }

  /** Buttons size to their labels; the nav hugs the right edge whatever the language. */
  private layoutButtons(): void {
    flowButtons([this.Play, this.More]);
    const placeNav = () => {
      this.Settings.x = SCREEN.w - SCREEN.marginX - this.Settings.w;
      this.Search.x = this.Settings.x - 24 - this.Search.w;
      this.DownloadsNav.x = this.Search.x - 24 - this.DownloadsNav.w;
    };
    this.Settings.onResize = placeNav;
    this.Search.onResize = placeNav;
    this.DownloadsNav.onResize = placeNav;
    placeNav();
  }

  override _active(): void {
    if (this.renderedLocale !== currentLocale()) this.renderText();
    // At start, once the first screen is drawn: these requests would keep the API (which also
    // sends the posters) busy meanwhile. Continue watching just loaded with the route's data is
    // not asked for again.
    void firstScreen.whenDrawn().then(() => {
      if (this.continueFresh) retryQueuedProgress();
      else void this.refreshContinueWatching();
      this.continueFresh = false;
      void this.loadRentals();
    });
  }

  /** "My rentals" as it is now; rebuilt only if it changed, so focus stays put otherwise. */
  private async loadRentals(): Promise<void> {
    const rentals = await getActiveRentals().catch(() => this.rentals);
    const ids = (list: Rental[]) => list.map((rental) => rental.movie.id).join();
    if (ids(rentals) === ids(this.rentals)) return;
    const shift = Number(rentals.length > 0) - Number(this.rentals.length > 0);
    this.rentals = rentals;
    if (!this.data) return;
    // The row appearing above the catalog's must not move focus off the film the viewer was on
    // further down.
    if (this.rowIndex > 0) this.rowIndex = Math.max(0, this.rowIndex + shift);
    this.buildRows();
    this.renderText();
    if (this._getState() === 'Rows') this.scrollRows();
  }

  override _firstActive(): void {
    this.layoutButtons();
  }

  private scrollRows(): void {
    const inRows = this._getState() === 'Rows';
    // The first screen takes its place at once: each frame of a slide is a full redraw.
    const move = (
      element: Lightning.Element,
      property: 'y' | 'alpha',
      value: number,
      duration: number,
    ) => {
      if (this.firstScreenShown) element.setSmooth(property, value, { duration });
      else element[property] = value;
    };
    move(this.Rows, 'y', inRows ? ROWS_TOP - this.rowIndex * ROW_HEIGHT - 200 : ROWS_TOP, 0.3);
    move(this.Actions, 'alpha', inRows ? 0 : 1, 0.2);
    move(this.Hero.Info, 'y', inRows ? 120 : 170, 0.3);
    this.rows.forEach((row, index) => {
      move(row, 'alpha', !inRows || index >= this.rowIndex ? 1 : 0, 0.2);
    });
    this.placeRows();
  }

  /**
   * Builds the rows near the focused one (one above, two below) and releases the rest, so Home
   * holds a few rows' tiles however many rows it has; the focused row and the next one, the two
   * on screen, load their posters. A row built without its cards fetches them.
   */
  private placeRows(): void {
    // Before the first screen is drawn, only the two rows it shows are built.
    const [above, below] = this.firstScreenShown ? [1, 2] : [0, 1];
    this.rows.forEach((row, index) => {
      const distance = index - this.rowIndex;
      if (distance < -above || distance > below) {
        row.release();
        return;
      }
      // The row below waits for the first screen: its posters would compete with the first row's.
      const reveal = distance === 0 || this.firstScreenShown;
      row.build(reveal);
      const source = this.shownRows[index];
      if (source?.items.length === 0) void this.loadMore(source);
      if (distance === 0 || (distance === 1 && this.firstScreenShown)) row.revealVisible();
    });
  }

  /** The hero's backdrop and the focused row's visible posters loaded, then a frame drawn. */
  private async firstScreenDrawn(): Promise<void> {
    const row = this.rows[this.rowIndex];
    const posters = (row?.visibleItems() ?? []).map((item) => (item as Tile).whenPosterSettled());
    await Promise.all([this.Hero.backdropLoaded(), ...posters]);
    // Lightning draws in its own animation frame; the second one starts after that draw.
    for (let frame = 0; frame < 2; frame++)
      await new Promise((resolve) => requestAnimationFrame(resolve));
  }

  debugInfo(): {
    focusedRow: string | undefined;
    focusedSlug: string | undefined;
    /** The focused tile's poster is drawn (or its title shows, for a film without one). */
    focusedPosterSettled: boolean;
    heroSlug: string | undefined;
    rowTitle: string | undefined;
    /** The rows shown, top to bottom, by id (`continue-watching`, `my-rentals`, `new`, …). */
    rowIds: string[];
    continueWatching: Array<{ slug: string; positionSeconds: number; fraction: number }>;
  } {
    const row = this._getState() === 'Rows' ? this.rows[this.rowIndex] : undefined;
    return {
      focusedRow: row && this.shownRows[this.rowIndex]?.id,
      focusedSlug: (row?.focusedItem as Tile | undefined)?.movie.slug,
      focusedPosterSettled: (row?.focusedItem as Tile | undefined)?.posterSettled ?? false,
      heroSlug: this.Hero.movie?.slug,
      rowTitle: this.rows[0]?.Title.text?.text,
      rowIds: this.shownRows.map((shown) => shown.id),
      continueWatching: this.continueEntries.map((entry) => ({
        slug: entry.movie.slug,
        positionSeconds: entry.positionSeconds,
        fraction: entry.fraction,
      })),
    };
  }

  /** The Router stores this when the viewer leaves and hands it back on Back. */
  override historyState(params?: Record<string, unknown> | null): Record<string, unknown> | null {
    if (params) {
      if (typeof params.rowIndex === 'number') this.rowIndex = params.rowIndex;
      return null;
    }
    return { rowIndex: this.rowIndex };
  }

  static override _states() {
    return [
      class Nav extends this {
        override $enter() {
          this.scrollRows();
        }
        override _handleLeft() {
          this.navIndex = Math.max(0, this.navIndex - 1);
          this._refocus();
        }
        override _handleRight() {
          this.navIndex = Math.min(NAV.length - 1, this.navIndex + 1);
          this._refocus();
        }
        override _handleDown() {
          if (this.rows.length > 0) this._setState('Actions');
        }
        override _handleEnter() {
          Router.navigate(NAV[this.navIndex] ?? 'search');
        }
        override _getFocused() {
          return [this.DownloadsNav, this.Search, this.Settings][this.navIndex] ?? this.Search;
        }
      },
      class Actions extends this {
        override $enter() {
          const opening = this.data && openingHero(this.data);
          if (opening) this.Hero.show(opening.movie, opening.image, true);
          this.scrollRows();
        }
        override _handleLeft() {
          this.actionIndex = 0;
          this._refocus();
        }
        override _handleRight() {
          this.actionIndex = 1;
          this._refocus();
        }
        override _handleUp() {
          this._setState('Nav');
        }
        override _handleDown() {
          this._setState('Rows');
        }
        override _handleEnter() {
          const movie = this.Hero.movie;
          if (!movie) return;
          // A rental film's Details knows whether it is rented: it offers Rent or Play.
          const play = this.actionIndex === 0 && !movie.rentalRequired;
          Router.navigate(play ? `play/${movie.slug}` : `movie/${movie.slug}`);
        }
        override _getFocused() {
          return this.actionIndex === 0 ? this.Play : this.More;
        }
      },
      class Rows extends this {
        override $enter() {
          this.scrollRows();
          const drawn = this.firstScreenDrawn();
          this.Hero.holdUntil(drawn);
          void drawn.then(() => {
            debugReport.milestone('app-interactive');
            this.firstScreenShown = true;
            this.placeRows();
          });
        }
        override _handleUp() {
          if (this.rowIndex === 0) {
            this._setState('Actions');
            return;
          }
          this.rowIndex -= 1;
          this.scrollRows();
          this._refocus();
        }
        override _handleDown() {
          if (this.rowIndex >= this.rows.length - 1) return;
          this.rowIndex += 1;
          this.scrollRows();
          this._refocus();
        }
        override _getFocused() {
          return this.rows[this.rowIndex];
        }
      },
    ];
  }
}

function isCatalogRow(row: ShownRow): row is CatalogRow {
  return 'next' in row;
}

/**
 * Starts loading the images of the first screen `screen` will draw, the hero's backdrop and the
 * posters of the first row, while the rest of the app starts (the Splash, the Router, building Home).
 */
export function prefetchFirstScreen({ catalog, continueWatching: entries }: HomeScreen): void {
  const opening = openingHero(catalog);
  if (opening) prefetchBackdrop(opening.movie, opening.image);
  // My rentals joins Home after the first screen, so the first row is never it.
  const firstRow = rowsShown(catalog, entries, [])[0]?.items ?? [];
  prefetchPosters(firstRow.slice(0, itemsAcross({ itemWidth: TILE.w, gap: TILE.gap })));
}

/** The film the hero opens on: the featured one, or else the first row's first film. */
function openingHero(catalog: HomeData): { movie: MovieSummary; image: Image | null } | null {
  const featured = catalog.hero[0];
  if (featured) return { movie: featured.movie, image: featured.image };
  const first = catalog.rows[0]?.items[0];
  return first ? { movie: first, image: null } : null;
}

/**
 * Home's rows top to bottom: the viewer's own first (Continue watching, then My rentals), then the
 * catalog's; a row with nothing in it is left out, unless it is a catalog row whose cards are
 * fetched as it comes near.
 */
function rowsShown(
  catalog: HomeData | undefined,
  entries: readonly ContinueWatchingEntry[],
  rentals: Rental[],
): ShownRow[] {
  const continueRow: ShownRow = {
    id: CONTINUE_WATCHING,
    title: { en: t('home.continueWatching') },
    items: entries.map((entry) => entry.movie),
  };
  const catalogRows = (catalog?.rows ?? []).filter((row) => row.kind !== 'continue-watching');
  return [continueRow, myRentalsRow(rentals), ...catalogRows].filter(
    (row) => row.items.length > 0 || (isCatalogRow(row) && row.next !== null),
  );
}
