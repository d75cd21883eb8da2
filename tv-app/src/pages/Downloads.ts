import { Lightning, Router } from '@lightningjs/sdk';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CARD, DownloadCard } from '../components/DownloadCard';
import { ProgressBar } from '../components/ProgressBar';
import {
  cancelDownload,
  getBudgetBytes,
  listDownloads,
  onDownloadsChange,
  pauseDownload,
  removeAllDownloads,
  removeDownload,
  resumeDownload,
  trustedNow,
  type Download,
} from '../downloads';
import type { DebugInfoSource } from '../lib/debug';
import { formatBytes } from '../lib/download-text';
import { localized, t } from '../lib/i18n';
import { notify } from '../lib/notify';
import { colors, font, SCREEN, text } from '../lib/theme';

interface DownloadsTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Heading: object;
  Space: object;
  SpaceBar: typeof ProgressBar;
  DeleteAll: typeof Button;
  Viewport: { List: object };
  Empty: object;
  Home: typeof Button;
  Confirm: typeof ConfirmDialog;
}

interface DownloadsTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

const LIST_TOP = 290;
const SPACE_BAR_W = 720;

/** What the page shows, for `window.__lanxang.page` and the browser tests. */
export interface DownloadsInfo {
  films: Array<{ slug: string; state: Download['state']; meta: string; status: string }>;
  focusedSlug: string | null;
  space: string;
  empty: boolean;
  confirmOpen: boolean;
}

/**
 * Every download on this TV, newest first: play, pause or resume, delete one, or delete all (after
 * a question), with the space used of the budget on top. It works offline: all it shows comes
 * from the store. Focus moves Delete all ↕ the films; Left/Right between a film's buttons.
 */
export class Downloads
  extends Lightning.Component<DownloadsTemplateSpec, DownloadsTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<DownloadsTemplateSpec>, DebugInfoSource
{
  readonly Heading = this.getByRef('Heading')!;
  readonly Space = this.getByRef('Space')!;
  readonly SpaceBar = this.getByRef('SpaceBar')!;
  readonly DeleteAll = this.getByRef('DeleteAll')!;
  readonly Viewport = this.getByRef('Viewport')!;
  readonly List = this.Viewport.getByRef('List')!;
  readonly Empty = this.getByRef('Empty')!;
  readonly Home = this.getByRef('Home')!;
  readonly Confirm = this.getByRef('Confirm')!;
  private downloads: Download[] = [];
  private index = 0;
  private unsubscribe?: () => void;

  static override _template(): Lightning.Component.Template<DownloadsTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Heading: {
        x: SCREEN.marginX,
        y: 60,
        text: { ...text(font.heading, { bold: true }), text: '' },
      },
      Space: {
        x: SCREEN.marginX,
        y: 150,
        text: { ...text(font.small, { color: colors.textDim }), text: '' },
      },
      SpaceBar: { type: ProgressBar, x: SCREEN.marginX, y: 210, w: SPACE_BAR_W },
      DeleteAll: { type: Button, y: 130 },
      // Clips the list under the header as it scrolls.
      Viewport: {
        y: LIST_TOP,
        w: 1920,
        h: 1080 - LIST_TOP,
        clipping: true,
        List: { x: SCREEN.marginX, y: 10 },
      },
      Empty: {
        x: SCREEN.marginX,
        y: LIST_TOP + 40,
        visible: false,
        text: {
          ...text(font.body, { color: colors.textDim }),
          wordWrapWidth: 1400,
          text: '',
        },
      },
      Home: { type: Button, x: SCREEN.marginX, y: LIST_TOP + 200, visible: false },
      Confirm: { type: ConfirmDialog, zIndex: 50 },
    };
  }

  override _init(): void {
    this.Confirm.onAnswer = (confirmed) => void this.answerDeleteAll(confirmed);
    this.DeleteAll.onResize = () => this.placeDeleteAll();
  }

  /** Every visit redraws from the store, in the language chosen meanwhile. */
  override _active(): void {
    this.unsubscribe ??= onDownloadsChange((downloads) => this.show(downloads));
    void listDownloads()
      .then((downloads) => this.show(downloads))
      .catch(() => this.show([]));
  }

  override _inactive(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.Confirm.close();
  }

  private get cards(): DownloadCard[] {
    return this.List.children as DownloadCard[];
  }

  private show(downloads: Download[]): void {
    const focusedId = this.downloads[this.index]?.id;
    const sameFilms =
      downloads.map((download) => download.id).join() ===
      this.downloads.map((download) => download.id).join();
    this.downloads = downloads;
    // Progress ticks redraw the cards in place, so focus and scroll stay put.
    if (!sameFilms || this.cards.length !== downloads.length) {
      this.List.children = downloads.map((_, index) => ({
        type: DownloadCard,
        y: index * (CARD.h + CARD.gap),
      }));
      const kept = downloads.findIndex((download) => download.id === focusedId);
      this.index = kept >= 0 ? kept : Math.min(this.index, Math.max(0, downloads.length - 1));
    }
    // The trusted clock: a device clock turned back can't bring an ended rental back.
    const now = trustedNow();
    this.cards.forEach((card, index) => card.show(downloads[index]!, now));
    this.renderText();
    const state = this._getState();
    if (downloads.length === 0) {
      if (state !== 'Confirm') this._setState('Empty');
    } else if (state === 'Empty' || state === '') this._setState('List');
    this.scroll();
    this._refocus();
  }

  private renderText(): void {
    const used = this.downloads.reduce((sum, download) => sum + download.progress.bytesDone, 0);
    const budget = getBudgetBytes();
    const empty = this.downloads.length === 0;
    this.Heading.text!.text = t('downloads.title');
    this.Space.text!.text = t('downloads.space', {
      used: formatBytes(used),
      budget: formatBytes(budget),
    });
    this.SpaceBar.fraction = budget > 0 ? used / budget : 0;
    this.DeleteAll.label = t('downloads.deleteAll');
    this.DeleteAll.visible = !empty;
    this.Empty.visible = empty;
    this.Empty.text!.text = t('downloads.empty');
    this.Home.visible = empty;
    this.Home.label = t('error.home');
    this.placeDeleteAll();
  }

  private placeDeleteAll(): void {
    this.DeleteAll.x = SCREEN.w - SCREEN.marginX - this.DeleteAll.w;
  }

  /** Keeps the focused card on screen. */
  private scroll(): void {
    const rowHeight = CARD.h + CARD.gap;
    const visibleRows = Math.floor((1080 - LIST_TOP) / rowHeight);
    const first = Math.max(0, this.index - visibleRows + 1);
    this.List.setSmooth('y', 10 - first * rowHeight, { duration: 0.2 });
  }

  private async act(card: DownloadCard): Promise<void> {
    const download = card.download;
    if (!download) return;
    try {
      if (card.deleteFocused || !card.Primary.visible) {
        if (download.state === 'complete' || download.state === 'failed') {
          await removeDownload(download.id);
        } else await cancelDownload(download.id);
        notify(t('downloads.deleted', { title: localized(download.movie.title) }));
      } else if (card.action === 'play') Router.navigate(`play/${download.movie.slug}`);
      else if (card.action === 'pause') await pauseDownload(download.id);
      else if (card.action === 'resume') await resumeDownload(download.id);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error));
    }
  }

  private async answerDeleteAll(confirmed: boolean): Promise<void> {
    this.Confirm.close();
    this._setState(this.downloads.length > 0 ? 'DeleteAll' : 'Empty');
    if (!confirmed) return;
    try {
      await removeAllDownloads();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error));
    }
    this.show(await listDownloads().catch(() => []));
  }

  debugInfo(): DownloadsInfo {
    return {
      films: this.cards.map((card) => ({
        slug: card.download?.movie.slug ?? '',
        state: card.download?.state ?? 'failed',
        meta: card.Meta.text?.text ?? '',
        status: card.Status.text?.text ?? '',
      })),
      focusedSlug:
        this._getState() === 'List' ? (this.downloads[this.index]?.movie.slug ?? null) : null,
      space: this.Space.text?.text ?? '',
      empty: this.downloads.length === 0,
      confirmOpen: this.Confirm.visible,
    };
  }

  static override _states() {
    return [
      class List extends this {
        override _handleUp() {
          if (this.index === 0) {
            this._setState('DeleteAll');
            return;
          }
          this.index -= 1;
          this.scroll();
          this._refocus();
        }
        override _handleDown() {
          this.index = Math.min(this.cards.length - 1, this.index + 1);
          this.scroll();
          this._refocus();
        }
        override _handleEnter() {
          const card = this.cards[this.index];
          if (card) void this.act(card);
        }
        override _getFocused() {
          return this.cards[this.index] ?? this.DeleteAll;
        }
      },
      class DeleteAll extends this {
        override _handleDown() {
          if (this.cards.length > 0) this._setState('List');
        }
        override _handleEnter() {
          const bytes = this.downloads.reduce(
            (sum, download) => sum + download.progress.bytesDone,
            0,
          );
          this.Confirm.open({
            title: t('downloads.confirmTitle'),
            body: t('downloads.confirmBody', { size: formatBytes(bytes) }),
            keep: t('downloads.keep'),
            confirm: t('downloads.confirmDelete'),
          });
          this._setState('Confirm');
        }
        override _getFocused() {
          return this.DeleteAll;
        }
      },
      class Confirm extends this {
        override _getFocused() {
          return this.Confirm;
        }
      },
      class Empty extends this {
        override _handleEnter() {
          Router.navigate('home');
        }
        override _getFocused() {
          return this.Home;
        }
      },
    ];
  }
}
