import { Lightning, Router, VideoPlayer } from '@lightningjs/sdk';
import type { MovieDetails, Playback } from '@lanxang/contracts';
import { Button, flowButtons } from '../components/Button';
import { MenuPanel } from '../components/MenuPanel';
import { ResumeDialog } from '../components/ResumeDialog';
import { SEEK_BAR, SeekBar } from '../components/SeekBar';
import { THUMBNAIL, TrickplayThumbnail } from '../components/TrickplayThumbnail';
import { releaseOfflineImages } from '../downloads';
import { debugReport, type PlayerSnapshot } from '../lib/debug';
import { localized, t } from '../lib/i18n';
import { qualityCap } from '../lib/preferences';
import { font, SCREEN, text } from '../lib/theme';
import { currentEngine, playbackPosition, playbackSnapshot, seekTo, startAt } from '../player';
import { onRentalEnded, renewNow } from '../player/media-token';
import { startPlaybackAnalytics, type PlaybackAnalytics } from '../player/playback-analytics';
import { startProgressReporter, type ProgressReporter } from '../player/progress-reporter';
import { AppError } from '../services/errors';

interface PlayerTemplateSpec extends Lightning.Component.TemplateSpec {
  Buffering: object;
  Overlay: {
    TopShade: object;
    BottomShade: object;
    Title: object;
    Progress: typeof SeekBar;
    Thumbnail: typeof TrickplayThumbnail;
    Controls: { PlayPause: typeof Button; Quality: typeof Button; Subtitles: typeof Button };
    MenuPanel: typeof MenuPanel;
  };
  ResumeDialog: typeof ResumeDialog;
}

interface PlayerTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

const BAR = { x: SCREEN.marginX, y: 900 } as const;
/** Seek thumbnails sit above the controls, centred on the seek position. */
const THUMBNAIL_BOTTOM = 760;
const OVERLAY_HIDE_MS = 5000;
const SEEK_COMMIT_MS = 600;
/** Held or repeated arrows seek further each time: 10 s, then 20, 30, 60, 120. */
const SEEK_STEPS = [10, 10, 20, 30, 60, 120];
const SEEK_STREAK_MS = 700;

type MenuKind = 'quality' | 'subtitles';

/**
 * Full-screen playback. The picture is the SDK's `<video>` under the transparent canvas; this page
 * draws only the overlay, which appears on any key and hides itself after a few seconds.
 */
export class Player
  extends Lightning.Component<PlayerTemplateSpec, PlayerTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<PlayerTemplateSpec>
{
  readonly Buffering = this.getByRef('Buffering')!;
  readonly Overlay = this.getByRef('Overlay')!;
  readonly Title = this.Overlay.getByRef('Title')!;
  readonly Progress = this.Overlay.getByRef('Progress')!;
  readonly Thumbnail = this.Overlay.getByRef('Thumbnail')!;
  readonly Controls = this.Overlay.getByRef('Controls')!;
  readonly PlayPause = this.Controls.getByRef('PlayPause')!;
  readonly QualityButton = this.Controls.getByRef('Quality')!;
  readonly SubtitlesButton = this.Controls.getByRef('Subtitles')!;
  readonly MenuPanel = this.Overlay.getByRef('MenuPanel')!;
  readonly ResumeDialog = this.getByRef('ResumeDialog')!;
  movie?: MovieDetails;
  source = '';
  trickplay: Playback['trickplay'] = null;
  /** Where to start, and whether to ask first ("Resume from …" / "Start over"). */
  start = { fromSeconds: 0, ask: false };
  /** `performance.now()` when the viewer asked to play, for the time to the first frame. */
  requestedAt = 0;
  private progressReporter?: ProgressReporter;
  private analytics?: PlaybackAnalytics;
  private controlIndex = 0;
  private menuKind: MenuKind = 'quality';
  private hideTimer?: ReturnType<typeof setTimeout>;
  private ticker?: ReturnType<typeof setInterval>;
  private seekTarget: number | null = null;
  private seekTimer?: ReturnType<typeof setTimeout>;
  private seekStreak = 0;
  private lastSeekAt = 0;
  private buffering = false;
  private failed = false;

  static override _template(): Lightning.Component.Template<PlayerTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Buffering: {
        x: 960,
        y: 540,
        mount: 0.5,
        alpha: 0,
        text: { ...text(font.heading, { bold: true }), text: '' },
      },
      Overlay: {
        alpha: 0,
        TopShade: { w: 1920, h: 260, rect: true, colorTop: 0xcc000000, colorBottom: 0x00000000 },
        BottomShade: {
          y: 680,
          w: 1920,
          h: 400,
          rect: true,
          colorTop: 0x00000000,
          colorBottom: 0xe6000000,
        },
        Title: {
          x: SCREEN.marginX,
          y: 70,
          text: {
            ...text(font.heading, { bold: true }),
            wordWrapWidth: 1700,
            maxLines: 1,
            text: '',
          },
        },
        Progress: { type: SeekBar, x: BAR.x, y: BAR.y },
        Thumbnail: {
          type: TrickplayThumbnail,
          y: THUMBNAIL_BOTTOM - THUMBNAIL.h - THUMBNAIL.border * 2,
        },
        Controls: {
          x: BAR.x,
          y: 780,
          PlayPause: { type: Button },
          Quality: { type: Button },
          Subtitles: { type: Button },
        },
        MenuPanel: { type: MenuPanel, x: BAR.x, y: 300 },
      },
      ResumeDialog: { type: ResumeDialog, visible: false },
    };
  }

  override _active(): void {
    debugReport.player(this, () => this.snapshot());
    this.failed = false;
    this.buffering = false;
    this.controlIndex = 0;
    this.Title.text!.text = this.movie ? localized(this.movie.title) : '';
    this.Buffering.text!.text = t('player.buffering');
    this.renderControls();
    const engine = currentEngine();
    engine?.onBuffering((buffering) => {
      this.buffering = buffering;
      this.Buffering.setSmooth('alpha', buffering ? 1 : 0, { duration: 0.2 });
    });
    engine?.onError((error) => this.fail(error));
    onRentalEnded(() => this.rentalEnded());
    VideoPlayer.consumer(this);
    this.ticker = setInterval(() => this.updateProgress(), 250);
    this.Thumbnail.load(this.trickplay);
    if (this.start.ask && this.movie) {
      this.ResumeDialog.open(localized(this.movie.title), this.start.fromSeconds);
      this._setState('Ask');
    } else {
      this.begin(this.start.fromSeconds);
    }
  }

  private begin(fromSeconds: number): void {
    startAt(this.source, fromSeconds);
    VideoPlayer.open(this.source);
    if (this.movie) {
      this.progressReporter = startProgressReporter(this.movie);
      this.analytics = startPlaybackAnalytics(this.movie.id, this.requestedAt);
    }
    this._setState('Progress');
    this.showOverlay();
  }

  override _inactive(): void {
    debugReport.player(this, null);
    onRentalEnded(undefined);
    // Before the video closes: the last save and the last events need its position.
    this.stopReporting();
    // A load still settling as the video closes (a sidecar fetch cut short) may fail after the
    // viewer has left: that is no error of the page they are on now.
    this.failed = true;
    this.ResumeDialog.close();
    clearInterval(this.ticker);
    clearTimeout(this.hideTimer);
    clearTimeout(this.seekTimer);
    this.seekTarget = null;
    this.Thumbnail.hide();
    releaseOfflineImages(this.trickplay?.vttUrl);
    this.MenuPanel.close();
    VideoPlayer.close();
    // Back to the base state: a state swaps this object's prototype for the state's class, and the
    // SDK Router (`reuseInstance: false`) builds the next Player from `page.constructor`. Left in
    // `Progress`, the second film of a session was built as a `Progress`, whose `$enter` ran before
    // the fields existed, and the player never opened.
    this._setState('');
  }

  /** The SDK reports loader failures and `<video>` errors here (`$videoPlayerError`). */
  $videoPlayerError(event?: { event?: unknown }): void {
    const cause = event?.event;
    this.fail(
      cause instanceof AppError
        ? cause
        : new AppError('playback', 'media_error', 'The video element failed', undefined, 0),
    );
  }

  $videoPlayerPlaying(): void {
    this.renderControls();
  }

  $videoPlayerPause(): void {
    this.renderControls();
    this.showOverlay();
  }

  $videoPlayerEnded(): void {
    this.leave();
  }

  /**
   * Back to the page the film was opened from. The last progress save and analytics batch go
   * first: the Router shows that page before it tells this one it is inactive, and Details and
   * Home read the resume point as they appear.
   */
  private leave(): void {
    this.stopReporting();
    Router.back();
  }

  private stopReporting(): void {
    this.progressReporter?.stop();
    this.analytics?.stop();
    this.progressReporter = undefined;
    this.analytics = undefined;
  }

  private fail(error: AppError): void {
    if (this.failed) return;
    this.failed = true;
    // A refused segment may mean the rental just ended: then renewal says so and the rental-ended
    // screen shows (through the listener) instead of an error.
    void renewNow().then((outcome) => outcome === 'ended' || this.showError(error));
  }

  private rentalEnded(): void {
    this.failed = true;
    const slug = this.movie?.slug ?? '';
    Router.navigate(slug ? `rental-ended/${slug}` : 'home', false);
  }

  private showError(error: AppError): void {
    const hash = this.movie ? `play/${this.movie.slug}` : 'home';
    // `false`: the broken player must not become a history entry that Back would return to.
    Router.navigate('!', { request: { error, hash } }, false);
  }

  private snapshot(): PlayerSnapshot {
    return {
      ...playbackSnapshot(),
      buffering: this.buffering,
      overlayVisible: this.Overlay.alpha > 0.5,
      trickplayFrames: this.Thumbnail.frameCount,
      thumbnail: this.Thumbnail.snapshot(),
    };
  }

  private renderControls(): void {
    const paused = playbackPosition()?.paused ?? false;
    this.PlayPause.label = paused ? t('player.play') : t('player.pause');
    const engine = currentEngine();
    const pinned = engine?.selectedQuality();
    this.QualityButton.label = `${t('player.quality')}: ${pinned ? `${pinned}p` : t('player.quality.auto')}`;
    const language = engine?.textLanguage();
    this.SubtitlesButton.label = `${t('player.subtitles')}: ${language ? this.languageName(language) : t('player.subtitles.off')}`;
    flowButtons([this.PlayPause, this.QualityButton, this.SubtitlesButton]);
  }

  private languageName(language: string): string {
    if (language.startsWith('lo')) return t('language.lo');
    if (language.startsWith('en')) return t('language.en');
    return language;
  }

  private updateProgress(): void {
    const playback = playbackPosition();
    if (!playback) return;
    this.Progress.show(
      this.seekTarget ?? playback.currentTime,
      playback.duration,
      playback.bufferedEnd,
    );
  }

  private showOverlay(): void {
    this.Overlay.setSmooth('alpha', 1, { duration: 0.2 });
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      // Keep the controls up while paused or while a menu is open: the viewer is deciding.
      if (playbackPosition()?.paused || this.MenuPanel.isOpen) return;
      this.Overlay.setSmooth('alpha', 0, { duration: 0.4 });
    }, OVERLAY_HIDE_MS);
  }

  private seekBy(direction: 1 | -1): void {
    const playback = playbackPosition();
    if (!playback) return;
    const now = Date.now();
    this.seekStreak = now - this.lastSeekAt < SEEK_STREAK_MS ? this.seekStreak + 1 : 0;
    this.lastSeekAt = now;
    const step = SEEK_STEPS[Math.min(this.seekStreak, SEEK_STEPS.length - 1)]!;
    const { duration } = playback;
    const from = this.seekTarget ?? playback.currentTime;
    this.seekTarget = Math.max(
      0,
      Math.min(duration > 0 ? duration - 1 : from + step, from + direction * step),
    );
    this.updateProgress();
    // Above the bar, where the knob will land.
    this.Thumbnail.showAt(
      this.seekTarget,
      this.Progress.x + this.Progress.offsetOf(this.seekTarget, duration),
      this.Progress.x,
      this.Progress.x + SEEK_BAR.w,
    );
    // Seek once the viewer stops pressing, so a burst of presses costs one seek, not ten.
    clearTimeout(this.seekTimer);
    this.seekTimer = setTimeout(() => {
      if (this.seekTarget !== null) seekTo(this.seekTarget);
      this.seekTarget = null;
      this.Thumbnail.linger();
    }, SEEK_COMMIT_MS);
  }

  private togglePlay(): void {
    // Read the element, not the SDK's `playing` flag, which lags behind a pending seek.
    if (playbackPosition()?.paused) VideoPlayer.play();
    else VideoPlayer.pause();
    setTimeout(() => this.renderControls(), 50);
  }

  private openMenu(kind: MenuKind): void {
    const engine = currentEngine();
    if (!engine) return;
    this.menuKind = kind;
    // A seek's thumbnail lingering over the bar would show through the menu.
    this.Thumbnail.hide();
    if (kind === 'quality') {
      const options = [
        { value: 'auto', label: t('player.quality.auto') },
        ...engine.qualities().map((height) => ({ value: String(height), label: `${height}p` })),
      ];
      const pinned = engine.selectedQuality();
      this.MenuPanel.open(options, pinned ? String(pinned) : 'auto', this.Controls.y);
    } else {
      const options = [
        { value: 'off', label: t('player.subtitles.off') },
        ...engine
          .textLanguages()
          .map((language) => ({ value: language, label: this.languageName(language) })),
      ];
      this.MenuPanel.open(options, engine.textLanguage() ?? 'off', this.Controls.y);
    }
    this._setState('Menu');
  }

  private choose(value: string): void {
    const engine = currentEngine();
    if (!engine) return;
    if (this.menuKind === 'quality') engine.setQuality(value === 'auto' ? null : Number(value));
    else engine.setTextLanguage(value === 'off' ? null : value);
    this.closeMenu();
    this.renderControls();
  }

  private closeMenu(): void {
    this.MenuPanel.close();
    this._setState('Controls');
  }

  override _init(): void {
    this.MenuPanel.onSelect = (value) => this.choose(value);
    this.ResumeDialog.onChoose = (fromSeconds) => {
      this.ResumeDialog.close();
      // The time to the first frame counts from the answer, not from while the question was up.
      this.requestedAt = performance.now();
      this.begin(fromSeconds);
    };
    this.ResumeDialog.onCancel = () => this.leave();
  }

  /** Any key wakes the overlay, and still does its job: a hidden overlay must not eat a seek. */
  override _captureKey(): boolean {
    this.showOverlay();
    return false;
  }

  override _handleBack(): void {
    this.leave();
  }

  _handlePlayPause(): void {
    this.togglePlay();
  }

  _handlePlay(): void {
    if (playbackPosition()?.paused) this.togglePlay();
  }

  _handlePause(): void {
    if (playbackPosition()?.paused === false) this.togglePlay();
  }

  _handleStop(): void {
    this.leave();
  }

  _handleRewind(): void {
    this.seekBy(-1);
  }

  _handleFastForward(): void {
    this.seekBy(1);
  }

  static override _states() {
    return [
      class Progress extends this {
        override _handleLeft() {
          this.seekBy(-1);
        }
        override _handleRight() {
          this.seekBy(1);
        }
        override _handleEnter() {
          this.togglePlay();
        }
        override _handleDown() {
          this._setState('Controls');
        }
        override $enter() {
          this.Progress.seeking = true;
        }
        override $exit() {
          this.Progress.seeking = false;
        }
      },
      class Controls extends this {
        override _handleLeft() {
          this.controlIndex = Math.max(0, this.controlIndex - 1);
          this._refocus();
        }
        override _handleRight() {
          this.controlIndex = Math.min(2, this.controlIndex + 1);
          this._refocus();
        }
        override _handleUp() {
          this._setState('Progress');
        }
        override _handleEnter() {
          if (this.controlIndex === 0) this.togglePlay();
          else this.openMenu(this.controlIndex === 1 ? 'quality' : 'subtitles');
        }
        override _getFocused() {
          return [this.PlayPause, this.QualityButton, this.SubtitlesButton][this.controlIndex];
        }
      },
      class Ask extends this {
        override _captureKey() {
          return false;
        }
        override _getFocused() {
          return this.ResumeDialog;
        }
      },
      class Menu extends this {
        override _handleBack() {
          this.closeMenu();
        }
        override _handleLeft() {
          return true;
        }
        override _handleRight() {
          return true;
        }
        override _getFocused() {
          return this.MenuPanel;
        }
      },
    ];
  }
}

/** Quality cap from Settings as a height, for the engine's ABR restrictions. */
export function maxHeightFromSettings(): number | null {
  const cap = qualityCap();
  return cap === 'auto' ? null : Number.parseInt(cap, 10);
}
