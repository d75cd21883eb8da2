import { Lightning, Router, VideoPlayer } from '@lightningjs/sdk';
import type { MovieDetails, Playback } from '@lanxang/contracts';
import { AppError } from '../services/errors';
import { Button, flowButtons } from '../components/Button';
import { Menu } from '../components/Menu';
import type { PlayerSnapshot } from '../lib/debug';
import { formatClock } from '../lib/format';
import { localized, t } from '../lib/i18n';
import { qualityCap } from '../lib/preferences';
import { colors, font, SCREEN, text } from '../lib/theme';
import { currentEngine } from '../player';
import { frameAt, loadTrickplay, type TrickplayFrame } from '../player/trickplay';

interface PlayerTemplateSpec extends Lightning.Component.TemplateSpec {
  Buffering: object;
  Overlay: {
    TopShade: object;
    BottomShade: object;
    Title: object;
    Progress: { Track: object; Buffered: object; Fill: object; Knob: object };
    Thumbnail: { Image: object; Time: object };
    Elapsed: object;
    Remaining: object;
    Controls: { PlayPause: typeof Button; Quality: typeof Button; Subtitles: typeof Button };
    MenuPanel: { Menu: typeof Menu };
  };
}

interface PlayerTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

const BAR = { x: SCREEN.marginX, y: 900, w: SCREEN.w - SCREEN.marginX * 2, h: 8 } as const;
/** Seek thumbnails: 16:9, above the controls, centred on the seek position. */
const THUMB = { w: 384, h: 216, border: 4, bottom: 760 } as const;
/** How long the thumbnail stays once the seek is made: the viewer sees where they landed. */
const THUMB_LINGER_MS = 1200;
const OVERLAY_HIDE_MS = 5000;
const SEEK_COMMIT_MS = 600;
/** Held or repeated arrows seek further each time: 10 s, then 20, 30, 60, 120. */
const SEEK_STEPS = [10, 10, 20, 30, 60, 120];
const SEEK_STREAK_MS = 700;

type MenuKind = 'quality' | 'subtitles';
/** The player on screen, if any, for `window.__lanxang.player`. */
const onScreen: { player?: Player } = {};

export function playerSnapshot(): PlayerSnapshot | null {
  return onScreen.player?.snapshot() ?? null;
}

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
  readonly Fill = this.Progress.getByRef('Fill')!;
  readonly Buffered = this.Progress.getByRef('Buffered')!;
  readonly Knob = this.Progress.getByRef('Knob')!;
  readonly Thumbnail = this.Overlay.getByRef('Thumbnail')!;
  readonly ThumbImage = this.Thumbnail.getByRef('Image')!;
  readonly ThumbTime = this.Thumbnail.getByRef('Time')!;
  readonly Elapsed = this.Overlay.getByRef('Elapsed')!;
  readonly Remaining = this.Overlay.getByRef('Remaining')!;
  readonly Controls = this.Overlay.getByRef('Controls')!;
  readonly PlayPause = this.Controls.getByRef('PlayPause')!;
  readonly QualityButton = this.Controls.getByRef('Quality')!;
  readonly SubtitlesButton = this.Controls.getByRef('Subtitles')!;
  readonly MenuPanel = this.Overlay.getByRef('MenuPanel')!;
  readonly Menu = this.MenuPanel.getByRef('Menu')! as Menu<string>;
  movie?: MovieDetails;
  source = '';
  trickplay: Playback['trickplay'] = null;
  private frames: TrickplayFrame[] = [];
  private shownFrame: TrickplayFrame | null = null;
  private thumbnailTime: number | null = null;
  private thumbnailDrawn = false;
  private thumbnailTimer?: ReturnType<typeof setTimeout>;
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
        Progress: {
          x: BAR.x,
          y: BAR.y,
          Track: { w: BAR.w, h: BAR.h, rect: true, color: 0x55ffffff },
          Buffered: { w: 0, h: BAR.h, rect: true, color: 0x88ffffff },
          Fill: { w: 0, h: BAR.h, rect: true, color: colors.accent },
          Knob: {
            x: 0,
            y: BAR.h / 2,
            w: 28,
            h: 28,
            mount: 0.5,
            rect: true,
            color: colors.text,
            shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 },
          },
        },
        Thumbnail: {
          y: THUMB.bottom - THUMB.h - THUMB.border * 2,
          w: THUMB.w + THUMB.border * 2,
          h: THUMB.h + THUMB.border * 2,
          rect: true,
          color: colors.text,
          alpha: 0,
          shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 },
          Image: { x: THUMB.border, y: THUMB.border, w: THUMB.w, h: THUMB.h },
          Time: {
            x: THUMB.w / 2 + THUMB.border,
            y: THUMB.h + THUMB.border - 12,
            mountX: 0.5,
            mountY: 1,
            text: { ...text(font.small, { bold: true }), text: '', shadow: true },
          },
        },
        Elapsed: { x: BAR.x, y: BAR.y + 30, text: { ...text(font.small), text: '0:00' } },
        Remaining: {
          x: BAR.x + BAR.w,
          y: BAR.y + 30,
          mountX: 1,
          text: { ...text(font.small), text: '' },
        },
        Controls: {
          x: BAR.x,
          y: 780,
          PlayPause: { type: Button },
          Quality: { type: Button },
          Subtitles: { type: Button },
        },
        MenuPanel: {
          x: BAR.x,
          y: 300,
          w: 600,
          h: 460,
          rect: true,
          color: 0xee1a1e27,
          visible: false,
          shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
          Menu: { type: Menu, x: 20, y: 20 },
        },
      },
    };
  }

  override _active(): void {
    onScreen.player = this;
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
    VideoPlayer.consumer(this);
    VideoPlayer.open(this.source);
    this.ticker = setInterval(() => this.updateProgress(), 250);
    this._setState('Progress');
    this.showOverlay();
    this.frames = [];
    const requested = this.trickplay;
    void loadTrickplay(requested).then((frames) => {
      if (this.trickplay === requested) this.frames = frames;
    });
  }

  override _inactive(): void {
    if (onScreen.player === this) delete onScreen.player;
    clearInterval(this.ticker);
    clearTimeout(this.hideTimer);
    clearTimeout(this.seekTimer);
    this.seekTarget = null;
    this.hideThumbnail();
    this.MenuPanel.visible = false;
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
    Router.back();
  }

  private fail(error: AppError): void {
    if (this.failed) return;
    this.failed = true;
    const hash = this.movie ? `play/${this.movie.slug}` : 'home';
    // `false`: the broken player must not become a history entry that Back would return to.
    Router.navigate('!', { request: { error, hash } }, false);
  }

  private get video(): HTMLVideoElement | undefined {
    return VideoPlayer._videoEl as HTMLVideoElement | undefined;
  }

  snapshot(): PlayerSnapshot {
    const video = this.video;
    const engine = currentEngine();
    return {
      currentTime: video?.currentTime ?? 0,
      duration: video && Number.isFinite(video.duration) ? video.duration : 0,
      paused: video?.paused ?? true,
      buffering: this.buffering,
      qualities: engine?.qualities() ?? [],
      selectedQuality: engine?.selectedQuality() ?? null,
      activeHeight: engine?.activeHeight() ?? null,
      textLanguages: engine?.textLanguages() ?? [],
      textLanguage: engine?.textLanguage() ?? null,
      overlayVisible: this.Overlay.alpha > 0.5,
      loadLatency: engine?.loadLatency() ?? null,
      trickplayFrames: this.frames.length,
      thumbnail:
        this.thumbnailTime !== null && this.shownFrame
          ? {
              time: this.thumbnailTime,
              sheetUrl: this.shownFrame.sheetUrl,
              region: [this.shownFrame.x, this.shownFrame.y, this.shownFrame.w, this.shownFrame.h],
              drawn: this.thumbnailDrawn,
            }
          : null,
    };
  }

  private renderControls(): void {
    const paused = this.video?.paused ?? false;
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
    const video = this.video;
    if (!video) return;
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const position = this.seekTarget ?? video.currentTime;
    const ratio = duration > 0 ? Math.min(1, position / duration) : 0;
    this.Fill.w = BAR.w * ratio;
    this.Knob.x = BAR.w * ratio;
    const buffered = video.buffered.length > 0 ? video.buffered.end(video.buffered.length - 1) : 0;
    this.Buffered.w = duration > 0 ? BAR.w * Math.min(1, buffered / duration) : 0;
    this.Elapsed.text!.text = formatClock(position);
    this.Remaining.text!.text = t('player.remaining', { time: formatClock(duration - position) });
  }

  private showOverlay(): void {
    this.Overlay.setSmooth('alpha', 1, { duration: 0.2 });
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      // Keep the controls up while paused or while a menu is open: the viewer is deciding.
      if (this.video?.paused || this.MenuPanel.visible) return;
      this.Overlay.setSmooth('alpha', 0, { duration: 0.4 });
    }, OVERLAY_HIDE_MS);
  }

  private seekBy(direction: 1 | -1): void {
    const video = this.video;
    if (!video) return;
    const now = Date.now();
    this.seekStreak = now - this.lastSeekAt < SEEK_STREAK_MS ? this.seekStreak + 1 : 0;
    this.lastSeekAt = now;
    const step = SEEK_STEPS[Math.min(this.seekStreak, SEEK_STEPS.length - 1)]!;
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const from = this.seekTarget ?? video.currentTime;
    this.seekTarget = Math.max(
      0,
      Math.min(duration > 0 ? duration - 1 : from + step, from + direction * step),
    );
    this.updateProgress();
    this.showThumbnail(this.seekTarget, duration);
    // Seek once the viewer stops pressing, so a burst of presses costs one seek, not ten.
    clearTimeout(this.seekTimer);
    this.seekTimer = setTimeout(() => {
      // On the element, not `VideoPlayer.seek()`: the SDK ignores seeks on a <video> without a
      // `src` attribute, and Shaka 5 attaches its MediaSource without one.
      if (this.seekTarget !== null && this.video) this.video.currentTime = this.seekTarget;
      this.seekTarget = null;
      this.thumbnailTimer = setTimeout(() => this.hideThumbnail(), THUMB_LINGER_MS);
    }, SEEK_COMMIT_MS);
  }

  /** The trickplay frame for `time`, above the progress bar where the knob will land. */
  private showThumbnail(time: number, duration: number): void {
    const frame = frameAt(this.frames, time);
    if (!frame) return;
    clearTimeout(this.thumbnailTimer);
    if (frame.sheetUrl !== this.shownFrame?.sheetUrl) {
      this.thumbnailDrawn = false;
      this.ThumbImage.patch({ src: frame.sheetUrl });
      this.ThumbImage.once('txLoaded', () => (this.thumbnailDrawn = true));
    }
    // One sheet holds many frames: only the region changes between them.
    this.ThumbImage.texture?.enableClipping(frame.x, frame.y, frame.w, frame.h);
    this.shownFrame = frame;
    this.thumbnailTime = time;
    const centre = BAR.x + (duration > 0 ? BAR.w * Math.min(1, time / duration) : 0);
    this.Thumbnail.x = Math.max(
      BAR.x,
      Math.min(BAR.x + BAR.w - this.Thumbnail.w, centre - this.Thumbnail.w / 2),
    );
    this.ThumbTime.text!.text = formatClock(time);
    this.Thumbnail.alpha = 1;
  }

  private hideThumbnail(): void {
    clearTimeout(this.thumbnailTimer);
    this.thumbnailTime = null;
    this.Thumbnail.setSmooth('alpha', 0, { duration: 0.2 });
  }

  private togglePlay(): void {
    // Read the element, not the SDK's `playing` flag, which lags behind a pending seek.
    if (this.video?.paused) VideoPlayer.play();
    else VideoPlayer.pause();
    setTimeout(() => this.renderControls(), 50);
  }

  private openMenu(kind: MenuKind): void {
    const engine = currentEngine();
    if (!engine) return;
    this.menuKind = kind;
    if (kind === 'quality') {
      const options = [
        { value: 'auto', label: t('player.quality.auto') },
        ...engine.qualities().map((height) => ({ value: String(height), label: `${height}p` })),
      ];
      const pinned = engine.selectedQuality();
      this.Menu.setOptions(options, pinned ? String(pinned) : 'auto', 560);
    } else {
      const options = [
        { value: 'off', label: t('player.subtitles.off') },
        ...engine
          .textLanguages()
          .map((language) => ({ value: language, label: this.languageName(language) })),
      ];
      this.Menu.setOptions(options, engine.textLanguage() ?? 'off', 560);
    }
    this.MenuPanel.h = this.Menu.h + 40;
    this.MenuPanel.y = this.Controls.y - this.MenuPanel.h - 24;
    this.MenuPanel.visible = true;
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
    this.MenuPanel.visible = false;
    this._setState('Controls');
  }

  override _init(): void {
    this.Menu.onSelect = (value) => this.choose(value);
  }

  /** Any key wakes the overlay, and still does its job: a hidden overlay must not eat a seek. */
  override _captureKey(): boolean {
    this.showOverlay();
    return false;
  }

  override _handleBack(): void {
    Router.back();
  }

  _handlePlayPause(): void {
    this.togglePlay();
  }

  _handlePlay(): void {
    if (this.video?.paused) this.togglePlay();
  }

  _handlePause(): void {
    if (this.video && !this.video.paused) this.togglePlay();
  }

  _handleStop(): void {
    Router.back();
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
          this.Knob.setSmooth('scale', 1.3, { duration: 0.15 });
        }
        override $exit() {
          this.Knob.setSmooth('scale', 1, { duration: 0.15 });
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
          return this.Menu;
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
