import { Lightning, Router } from '@lightningjs/sdk';
import type { MovieCard } from '@lanxang/contracts';
import { searchMovies } from '../services/catalog';
import { Grid } from '../components/Grid';
import { Keyboard, type KeyAction } from '../components/Keyboard';
import { Menu } from '../components/Menu';
import { Tile } from '../components/Tile';
import type { DebugInfoSource } from '../lib/debug';
import { currentLocale, t } from '../lib/i18n';
import { recentSearches, rememberSearch } from '../lib/preferences';
import { colors, font, SCREEN, text } from '../lib/theme';

interface SearchTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Heading: object;
  QueryBox: { Query: object };
  Keyboard: typeof Keyboard;
  ResultsTitle: object;
  Status: object;
  Results: typeof Grid;
  Recent: typeof Menu;
}

interface SearchTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

const RESULTS_X = SCREEN.marginX + Keyboard.width + 90;
const TYPING_PAUSE_MS = 300;

/**
 * Keyboard on the left, results on the right, updated as the viewer types (after a short pause,
 * so a TV on a slow link sends one request per word rather than per letter). With nothing typed,
 * the right side lists recent searches.
 */
export class Search
  extends Lightning.Component<SearchTemplateSpec, SearchTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<SearchTemplateSpec>, DebugInfoSource
{
  readonly Heading = this.getByRef('Heading')!;
  readonly QueryBox = this.getByRef('QueryBox')!;
  readonly Query = this.QueryBox.getByRef('Query')!;
  readonly Keyboard = this.getByRef('Keyboard')!;
  readonly ResultsTitle = this.getByRef('ResultsTitle')!;
  readonly Status = this.getByRef('Status')!;
  readonly Results = this.getByRef('Results')!;
  readonly Recent = this.getByRef('Recent')!;
  query = '';
  private results: MovieCard[] = [];
  private typingTimer?: ReturnType<typeof setTimeout>;
  private requestId = 0;
  private renderedLocale?: string;
  /** The query whose results are on screen; tests wait on it rather than on time. */
  shownQuery = '';

  static override _template(): Lightning.Component.Template<SearchTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Heading: {
        x: SCREEN.marginX,
        y: 60,
        text: { ...text(font.heading, { bold: true }), text: '' },
      },
      QueryBox: {
        x: SCREEN.marginX,
        y: 150,
        w: Keyboard.width,
        h: 96,
        rect: true,
        color: colors.surface,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
        Query: {
          x: 28,
          y: 50,
          mountY: 0.5,
          text: {
            ...text(font.body + 4),
            wordWrapWidth: Keyboard.width - 56,
            maxLines: 1,
            text: '',
          },
        },
      },
      Keyboard: { type: Keyboard, x: SCREEN.marginX, y: 290 },
      ResultsTitle: {
        x: RESULTS_X,
        y: 150,
        text: { ...text(font.body, { bold: true, color: colors.textDim }), text: '' },
      },
      Status: {
        x: RESULTS_X,
        y: 230,
        text: { ...text(font.body, { color: colors.textDim }), wordWrapWidth: 800, text: '' },
      },
      Results: { type: Grid, x: RESULTS_X + 20, y: 240, clipping: false },
      Recent: { type: Menu, x: RESULTS_X, y: 220 },
    };
  }

  override _init(): void {
    this.Keyboard.onKey = (action) => this.type(action);
    this.Keyboard.onExitRight = () => {
      if (this.query && this.results.length > 0) this._setState('Results');
      else if (!this.query && this.Recent.options.length > 0) this._setState('Recent');
      else return false;
      return true;
    };
    this.Results.onItemEnter = (item) => {
      rememberSearch(this.query);
      Router.navigate(`movie/${(item as Tile).movie.slug}`);
    };
    this.Recent.onSelect = (value) => {
      this.query = String(value);
      this.search();
    };
    this._setState('Keyboard');
  }

  override _active(): void {
    if (this.renderedLocale !== currentLocale()) {
      this.Keyboard.build();
    }
    this.render();
  }

  debugInfo() {
    return {
      query: this.query,
      shownQuery: this.shownQuery,
      results: this.results.map((movie) => movie.slug),
      recent: this.Recent.options.map((option) => option.value),
      layout: this.Keyboard.layout,
      key: this.Keyboard.position,
    };
  }

  private render(): void {
    this.renderedLocale = currentLocale();
    this.Heading.text!.text = t('search.title');
    this.Query.text!.text = this.query || t('search.placeholder');
    this.Query.text!.textColor = this.query ? colors.text : colors.textFaint;
    const recent = recentSearches();
    const showRecent = !this.query;
    this.Recent.visible = showRecent;
    this.Results.visible = !showRecent;
    if (showRecent) {
      this.ResultsTitle.text!.text = recent.length > 0 ? t('search.recent') : '';
      this.Recent.setOptions(
        recent.map((value) => ({ value, label: value })),
        undefined,
        760,
      );
      this.Status.text!.text = '';
    } else {
      this.ResultsTitle.text!.text = t('search.results');
      this.Status.text!.text =
        this.shownQuery === this.query && this.results.length === 0
          ? t('search.noResults', { query: this.query })
          : '';
      this.Results.refreshText();
    }
  }

  private type(action: KeyAction): void {
    switch (action.type) {
      case 'char':
        this.query += action.value;
        break;
      case 'space':
        this.query += ' ';
        break;
      case 'delete':
        // Code points, not UTF-16 units; a Lao tone mark is its own code point, so it goes alone.
        this.query = Array.from(this.query).slice(0, -1).join('');
        break;
      case 'clear':
        this.query = '';
        break;
      case 'layout':
        return;
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.search(), TYPING_PAUSE_MS);
    this.render();
  }

  private search(): void {
    const query = this.query.trim();
    const id = ++this.requestId;
    if (!query) {
      this.results = [];
      this.shownQuery = this.query;
      this.render();
      return;
    }
    searchMovies(query)
      .then((list) => {
        if (id !== this.requestId) return;
        this.results = list.items;
        this.Results.setItems(list.items.map((movie) => ({ type: Tile, movie })));
        this.shownQuery = this.query;
        this.render();
      })
      .catch(() => {
        if (id !== this.requestId) return;
        this.results = [];
        this.Results.setItems([]);
        this.shownQuery = this.query;
        this.render();
        this.Status.text!.text = t('error.api.title');
      });
  }

  static override _states() {
    return [
      class Keyboard extends this {
        override _getFocused() {
          return this.Keyboard;
        }
      },
      class Results extends this {
        override _handleLeft() {
          this._setState('Keyboard');
        }
        override _handleUp() {
          return true;
        }
        override _getFocused() {
          return this.Results;
        }
      },
      class Recent extends this {
        override _handleLeft() {
          this._setState('Keyboard');
        }
        override _getFocused() {
          return this.Recent;
        }
      },
    ];
  }
}
