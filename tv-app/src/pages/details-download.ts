import { Router } from '@lightningjs/sdk';
import type { MovieDetails } from '@lanxang/contracts';
import type { Button } from '../components/Button';
import type { DownloadProgressView } from '../components/DownloadProgressView';
import type { QualityMenu } from '../components/QualityMenu';
import {
  downloadChoices,
  DownloadError,
  downloadSupport,
  listDownloads,
  onDownloadsChange,
  startDownload,
  type Download,
} from '../downloads';
import { downloadStateLabel } from '../lib/download-text';
import { localized, t } from '../lib/i18n';
import { notify } from '../lib/notify';

/** What Details lends the download flow: its button, its two overlays, and its focus states. */
export interface DownloadHost {
  button: Button;
  menu: QualityMenu;
  progress: DownloadProgressView;
  /** Focus the menu, the progress view, or back to the buttons (`null`). */
  focus(overlay: 'QualityMenu' | 'DownloadProgress' | null): void;
  /** The button appeared, went, or changed width. */
  relayout(): void;
}

/** Whether this TV can download at all; asked once, the answer does not change in a session. */
let support: Promise<boolean> | undefined;
function canDownload(): Promise<boolean> {
  support ??= downloadSupport()
    .then((answer) => answer.supported)
    .catch(() => false);
  return support;
}

/**
 * Details' Download button and what it opens: the quality menu for a film not stored, the
 * progress view for one under way, the player for one stored. The button shows only where the
 * device can download and the viewer may watch the film (free, or rented), and follows the
 * download's progress live.
 */
export class DetailsDownload {
  private movie?: MovieDetails;
  private allowed = false;
  private supported = false;
  private download: Download | null = null;
  /** Kept for the page's life: Router keeps Details, and one listener per page is cheap. */
  private unsubscribe?: () => void;

  constructor(private readonly host: DownloadHost) {}

  /** The film on screen and whether the viewer may play it now; call again when either changes. */
  async show(movie: MovieDetails, playable: boolean): Promise<void> {
    if (movie !== this.movie) this.download = null;
    this.movie = movie;
    this.allowed = playable;
    this.unsubscribe ??= onDownloadsChange((downloads) => this.follow(downloads));
    this.supported = await canDownload();
    const downloads = await listDownloads().catch(() => []);
    if (movie === this.movie) this.follow(downloads);
  }

  private follow(downloads: Download[]): void {
    const movie = this.movie;
    if (!movie) return;
    this.download = downloads.find((download) => download.id === movie.id) ?? null;
    this.render();
  }

  render(): void {
    const { button } = this.host;
    const visible = this.supported && (this.allowed || this.download !== null);
    const label = !this.download
      ? t('details.download')
      : this.download.state === 'complete'
        ? t('details.downloaded')
        : downloadStateLabel(this.download);
    const changed = button.visible !== visible || button.label !== label;
    button.visible = visible;
    if (button.label !== label) button.label = label;
    if (changed) this.host.relayout();
  }

  get label(): string {
    return this.host.button.visible ? this.host.button.label : '';
  }

  /** OK on the button. */
  enter(): void {
    const movie = this.movie;
    if (!movie) return;
    const download = this.download;
    // A stored film opens like Play: the player offers "Resume from …" by the usual rule.
    if (download?.state === 'complete') Router.navigate(`play/${movie.slug}`);
    else if (download) this.openProgress(download);
    else void this.openMenu(movie);
  }

  private async openMenu(movie: MovieDetails): Promise<void> {
    const { menu } = this.host;
    const title = localized(movie.title);
    menu.openWaiting(title, t('download.menu.loading'));
    menu.onClose = () => this.closeOverlays();
    menu.onChoose = (choice) => void this.start(movie, choice);
    this.host.focus('QualityMenu');
    try {
      const choices = await downloadChoices(movie);
      if (menu.visible && movie === this.movie) menu.show(title, choices);
    } catch {
      if (menu.visible) menu.openWaiting(title, t('download.menu.failed'));
    }
  }

  private async start(movie: MovieDetails, choice: 'auto' | number): Promise<void> {
    try {
      const download = await startDownload(movie, choice);
      this.download = download;
      this.render();
      this.host.menu.close();
      this.openProgress(download);
    } catch (error) {
      // Refused before anything was fetched: the menu stays open with the reason.
      notify(refusalText(error));
    }
  }

  private openProgress(download: Download): void {
    const { progress } = this.host;
    progress.onClose = () => this.closeOverlays();
    progress.open(download);
    this.host.focus('DownloadProgress');
  }

  closeOverlays(): void {
    if (!this.host.menu.visible && !this.host.progress.isOpen) return;
    this.host.menu.close();
    this.host.progress.close();
    this.host.focus(null);
  }
}

export function refusalText(error: unknown): string {
  if (!(error instanceof DownloadError)) {
    return t('download.refused.other', { code: error instanceof Error ? error.message : '' });
  }
  switch (error.code) {
    case 'does_not_fit':
    case 'not_allowed':
    case 'offline':
      return t(`download.refused.${error.code}`);
    default:
      return t('download.refused.other', { code: error.code });
  }
}
