import { Lightning } from '@lightningjs/sdk';
import type { Download } from '../downloads';
import { onDownloadsChange } from '../downloads/changes';
import { storedWorkAtStart } from '../lib/stored-work';
import { t } from '../lib/i18n';
import { font, text } from '../lib/theme';
import { ProgressBar } from './ProgressBar';

interface DownloadIndicatorTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Label: object;
  Bar: typeof ProgressBar;
}

const SIZE = { w: 360, h: 84 } as const;

/** The player is full screen: the corner keeps off the picture while a film plays. */
const overPlayer = () => window.location.hash.startsWith('#play/');

/**
 * The small "Downloading 42 %" in the bottom-right corner of every page while a download runs,
 * so the viewer who left the progress view knows it goes on. It takes no focus, and hides while
 * the player is on screen.
 */
export class DownloadIndicator
  extends Lightning.Component<DownloadIndicatorTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<DownloadIndicatorTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Label = this.getByRef('Label')!;
  readonly Bar = this.getByRef('Bar')!;
  private running: Download[] = [];
  private latest: Download[] = [];

  static override _template(): Lightning.Component.Template<DownloadIndicatorTemplateSpec> {
    return {
      x: 1920 - 60 - SIZE.w,
      y: 1080 - 48 - SIZE.h,
      w: SIZE.w,
      h: SIZE.h,
      visible: false,
      Background: {
        w: SIZE.w,
        h: SIZE.h,
        rect: true,
        color: 0xee1a1e27,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      },
      Label: { x: 24, y: 12, text: { ...text(font.small, { bold: true }), text: '' } },
      Bar: { type: ProgressBar, x: 24, y: 60, w: SIZE.w - 48 },
    };
  }

  override _init(): void {
    window.addEventListener('hashchange', () => this.render(this.latest));
    // Downloads resume once the first screen is drawn, if any is stored; until then there is
    // none running to show. A download started later loads the engine, which tells us.
    onDownloadsChange((downloads) => this.render(downloads));
    void storedWorkAtStart()
      .then(async (stored) => (stored ? (await import('../downloads')).listDownloads() : []))
      .then((downloads) => this.render(downloads))
      .catch(() => undefined);
  }

  private render(downloads: Download[]): void {
    this.latest = downloads;
    this.running = downloads.filter(
      (download) => download.state === 'downloading' || download.state === 'queued',
    );
    this.visible = this.running.length > 0 && !overPlayer();
    if (!this.visible) return;
    const done = this.running.reduce((sum, download) => sum + download.progress.bytesDone, 0);
    const total = this.running.reduce((sum, download) => sum + download.progress.bytesTotal, 0);
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
    this.Label.text!.text = t('download.indicator', { percent });
    this.Bar.fraction = percent / 100;
  }

  /** Redraws in the language just chosen. */
  refreshText(): void {
    if (this.visible) this.render(this.latest);
  }

  /** What the corner says, or `null` when hidden, for `window.__lanxang`. */
  get message(): string | null {
    return this.visible ? (this.Label.text?.text ?? null) : null;
  }
}
