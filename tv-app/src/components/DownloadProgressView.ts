import { type Lightning } from '@lightningjs/sdk';
import {
  cancelDownload,
  onDownloadsChange,
  pauseDownload,
  resumeDownload,
  type Download,
} from '../downloads';
import {
  downloadStateLabel,
  etaLabel,
  failureText,
  formatBytes,
  formatSpeed,
  qualityLabel,
} from '../lib/download-text';
import { localized, t } from '../lib/i18n';
import { notify } from '../lib/notify';
import { colors, font, text } from '../lib/theme';
import { Button, flowButtons } from './Button';
import { ProgressBar } from './ProgressBar';
import { ClosableModal } from './ClosableModal';
import { modalTemplate, modalTitle } from './modal';

interface DownloadProgressTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: {
    Title: object;
    State: object;
    Bar: typeof ProgressBar;
    Percent: object;
    Segments: object;
    Bytes: object;
    Speed: object;
    Eta: object;
    Message: object;
    Buttons: { Toggle: typeof Button; Cancel: typeof Button };
  };
}

const PANEL = { w: 1100, h: 620, x: 410, y: 200 } as const;
const BAR_W = PANEL.w - 80;

/** What the progress view shows, for `window.__lanxang.page` and the browser tests. */
export interface ProgressSnapshot {
  movieId: number;
  state: Download['state'] | 'gone';
  percent: number;
  segments: string;
  speed: string;
  eta: string;
  focused: string;
}

/**
 * One download's progress over the page: a bar, the percentage, segments done of total, speed
 * and time left, live. OK on Pause/Resume or Cancel acts at once; Back leaves the view and the
 * download goes on. It holds focus (swallowing other keys) until Back or Cancel.
 */
export class DownloadProgressView
  extends ClosableModal<DownloadProgressTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<DownloadProgressTemplateSpec>
{
  readonly Panel = this.getByRef('Panel')!;
  readonly Title = this.Panel.getByRef('Title')!;
  readonly State = this.Panel.getByRef('State')!;
  readonly Bar = this.Panel.getByRef('Bar')!;
  readonly Percent = this.Panel.getByRef('Percent')!;
  readonly Segments = this.Panel.getByRef('Segments')!;
  readonly Bytes = this.Panel.getByRef('Bytes')!;
  readonly Speed = this.Panel.getByRef('Speed')!;
  readonly Eta = this.Panel.getByRef('Eta')!;
  readonly Message = this.Panel.getByRef('Message')!;
  readonly Buttons = this.Panel.getByRef('Buttons')!;
  readonly Toggle = this.Buttons.getByRef('Toggle')!;
  readonly Cancel = this.Buttons.getByRef('Cancel')!;
  private movieId: number | null = null;
  private download: Download | null = null;
  private cancelFocused = false;
  private unsubscribe?: () => void;

  static override _template(): Lightning.Component.Template<DownloadProgressTemplateSpec> {
    const line = (y: number, x = 40) => ({
      x,
      y,
      text: { ...text(font.body, { color: colors.textDim }), text: '' },
    });
    return {
      ...modalTemplate(PANEL, {
        Title: modalTitle(PANEL.w),
        State: line(116),
        Bar: { type: ProgressBar, x: 40, y: 200, w: BAR_W },
        Percent: {
          x: 40,
          y: 226,
          text: { ...text(font.heading, { bold: true, color: colors.accent }), text: '' },
        },
        Segments: line(310),
        Bytes: line(310, 560),
        Speed: line(370),
        Eta: line(370, 560),
        Message: {
          x: 40,
          y: 430,
          text: {
            ...text(font.small, { color: colors.textFaint }),
            wordWrapWidth: PANEL.w - 80,
            maxLines: 2,
            text: '',
          },
        },
        Buttons: { x: 40, y: 510, Toggle: { type: Button }, Cancel: { type: Button } },
      }),
      visible: false,
    };
  }

  /** Shows `download` and follows it live until closed. */
  open(download: Download): void {
    this.movieId = download.id;
    this.cancelFocused = false;
    this.unsubscribe?.();
    this.unsubscribe = onDownloadsChange((downloads) =>
      this.render(downloads.find((candidate) => candidate.id === this.movieId) ?? null),
    );
    this.render(download);
    this.visible = true;
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.visible = false;
    this.movieId = null;
  }

  get isOpen(): boolean {
    return this.visible;
  }

  private render(download: Download | null): void {
    this.download = download;
    if (!download) {
      // Cancelled or removed elsewhere: nothing left to follow.
      this.onClose?.();
      return;
    }
    const { progress } = download;
    this.Title.text!.text = t('download.progress.title', {
      title: localized(download.movie.title),
    });
    this.State.text!.text = `${downloadStateLabel(download)}  ·  ${qualityLabel(download.height)}`;
    this.Bar.fraction = progress.percent / 100;
    this.Percent.text!.text = `${Math.floor(progress.percent)} %`;
    this.Segments.text!.text = t('download.progress.segments', {
      done: progress.segmentsDone,
      total: progress.segmentsTotal,
    });
    this.Bytes.text!.text = t('download.progress.bytes', {
      done: formatBytes(progress.bytesDone),
      total: formatBytes(progress.bytesTotal),
    });
    const moving = download.state === 'downloading';
    this.Speed.text!.text = moving ? formatSpeed(progress.bytesPerSecond) : '';
    this.Eta.text!.text = moving ? etaLabel(progress.etaSeconds) : '';
    this.Message.text!.text =
      download.state === 'failed'
        ? failureText(download.failure)
        : download.state === 'complete'
          ? t('download.progress.done')
          : t('download.progress.hint');
    this.Message.text!.textColor = download.state === 'failed' ? colors.danger : colors.textFaint;
    const finished = download.state === 'complete';
    this.Toggle.label = finished
      ? t('download.close')
      : download.state === 'paused' || download.state === 'failed'
        ? t('download.resume')
        : t('download.pause');
    this.Cancel.label = t('download.cancel');
    this.Cancel.visible = !finished;
    if (finished) this.cancelFocused = false;
    flowButtons([this.Toggle, this.Cancel]);
    this._refocus();
  }

  private async act(): Promise<void> {
    const download = this.download;
    if (!download) return;
    try {
      if (this.cancelFocused) {
        await cancelDownload(download.id);
        this.onClose?.();
      } else if (download.state === 'complete') this.onClose?.();
      else if (download.state === 'paused' || download.state === 'failed') {
        await resumeDownload(download.id);
      } else await pauseDownload(download.id);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error));
    }
  }

  override _handleLeft(): boolean {
    this.cancelFocused = false;
    this._refocus();
    return true;
  }

  override _handleRight(): boolean {
    if (this.Cancel.visible) this.cancelFocused = true;
    this._refocus();
    return true;
  }

  override _handleEnter(): boolean {
    void this.act();
    return true;
  }

  /** The remote's own Play/Pause key pauses and resumes too. */
  _handlePlayPause(): boolean {
    const state = this.download?.state;
    if (state === 'downloading' || state === 'queued') void pauseDownload(this.download!.id);
    else if (state === 'paused' || state === 'failed') void resumeDownload(this.download!.id);
    return true;
  }

  override _getFocused(): Lightning.Component {
    return this.cancelFocused && this.Cancel.visible ? this.Cancel : this.Toggle;
  }

  snapshot(): ProgressSnapshot | null {
    if (!this.visible || this.movieId === null) return null;
    const download = this.download;
    return {
      movieId: this.movieId,
      state: download?.state ?? 'gone',
      percent: download?.progress.percent ?? 0,
      segments: this.Segments.text?.text ?? '',
      speed: this.Speed.text?.text ?? '',
      eta: this.Eta.text?.text ?? '',
      focused: this._getFocused().ref ?? '',
    };
  }
}
