import { Img, Lightning } from '@lightningjs/sdk';
import { playableOffline, type Download, type Playability } from '../downloads';
import { downloadMetaLine, downloadStateLabel, failureText } from '../lib/download-text';
import { localized, t } from '../lib/i18n';
import { colors, font, SCREEN, text } from '../lib/theme';
import { Button, flowButtons } from './Button';
import { ProgressBar } from './ProgressBar';
import { imageUrl } from './Tile';

interface DownloadCardTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Poster: object;
  Caption: object;
  Title: object;
  Meta: object;
  Status: object;
  Bar: typeof ProgressBar;
  Buttons: { Primary: typeof Button; Delete: typeof Button };
}

export const CARD = { w: SCREEN.w - SCREEN.marginX * 2, h: 228, gap: 24 } as const;
const POSTER = { w: 128, h: 192 } as const;
const TEXT_X = POSTER.w + 48;
const BUTTONS_X = 1180;
/** Darker than the focused card, which must still stand apart from its unfocused buttons. */
const UNFOCUSED = 0xff13161d;

/** What OK on a card's first button does. */
export type CardAction = 'play' | 'pause' | 'resume' | null;

/**
 * One film on the Downloads page: its poster, title, quality · size · date · watched · time left,
 * its state, and two buttons: Play (or Pause/Resume while it downloads) and Delete. Left and
 * Right move between the buttons.
 */
export class DownloadCard
  extends Lightning.Component<DownloadCardTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<DownloadCardTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Poster = this.getByRef('Poster')!;
  readonly Caption = this.getByRef('Caption')!;
  readonly Title = this.getByRef('Title')!;
  readonly Meta = this.getByRef('Meta')!;
  readonly Status = this.getByRef('Status')!;
  readonly Bar = this.getByRef('Bar')!;
  readonly Buttons = this.getByRef('Buttons')!;
  readonly Primary = this.Buttons.getByRef('Primary')!;
  readonly Delete = this.Buttons.getByRef('Delete')!;
  download?: Download;
  deleteFocused = false;
  private posterUrl?: string;
  private playability: Playability = 'incomplete';

  static override _template(): Lightning.Component.Template<DownloadCardTemplateSpec> {
    return {
      w: CARD.w,
      h: CARD.h,
      Background: {
        w: CARD.w,
        h: CARD.h,
        rect: true,
        color: UNFOCUSED,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      },
      Poster: {
        x: 18,
        y: 18,
        w: POSTER.w,
        h: POSTER.h,
        rect: true,
        color: colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 },
      },
      // Offline, a poster that was never cached can't load: the title stands in for it.
      Caption: {
        x: 28,
        y: 28,
        text: {
          ...text(font.small - 4, { bold: true, color: colors.textDim }),
          wordWrapWidth: POSTER.w - 20,
          maxLines: 4,
          text: '',
        },
      },
      Title: {
        x: TEXT_X,
        y: 20,
        text: {
          ...text(font.body + 4, { bold: true }),
          wordWrapWidth: BUTTONS_X - TEXT_X - 40,
          maxLines: 1,
          text: '',
        },
      },
      Meta: {
        x: TEXT_X,
        y: 84,
        text: {
          ...text(font.small, { color: colors.textDim }),
          wordWrapWidth: BUTTONS_X - TEXT_X - 40,
          maxLines: 1,
          text: '',
        },
      },
      Status: {
        x: TEXT_X,
        y: 132,
        text: {
          ...text(font.small, { color: colors.textFaint }),
          wordWrapWidth: BUTTONS_X - TEXT_X - 40,
          maxLines: 1,
          text: '',
        },
      },
      Bar: { type: ProgressBar, x: TEXT_X, y: 190, w: BUTTONS_X - TEXT_X - 60, visible: false },
      Buttons: {
        x: BUTTONS_X,
        y: (CARD.h - 76) / 2,
        Primary: { type: Button },
        Delete: { type: Button },
      },
    };
  }

  /** Draws `download` as it is at `now` (the trusted clock: rentals end by it). */
  show(download: Download, now: number): void {
    this.download = download;
    const poster = imageUrl(download.movie.poster, POSTER.w);
    if (poster !== this.posterUrl) {
      this.posterUrl = poster;
      this.Poster.patch(
        poster
          ? { color: 0xffffffff, texture: Img(poster).cover(POSTER.w, POSTER.h) }
          : { texture: null, color: colors.surfaceRaised },
      );
    }
    const title = localized(download.movie.title);
    this.Caption.text!.text = title;
    this.Title.text!.text = title;
    this.Meta.text!.text = downloadMetaLine(download, now);
    const playability = playableOffline(download, now);
    this.playability = playability;
    this.Status.text!.text = statusText(download, playability);
    this.Status.text!.textColor =
      download.state === 'failed' || (download.state === 'complete' && playability !== 'ok')
        ? colors.danger
        : colors.textFaint;
    const moving = download.state !== 'complete';
    this.Bar.visible = moving;
    if (moving) this.Bar.fraction = download.progress.percent / 100;
    const action = this.action;
    this.Primary.visible = action !== null;
    if (action) this.Primary.label = t(action === 'play' ? 'download.play' : `download.${action}`);
    this.Delete.label = t('downloads.delete');
    flowButtons([this.Primary, this.Delete]);
    if (!this.Primary.visible) this.deleteFocused = true;
    this._refocus();
  }

  /** What the first button does now, or `null` when only Delete makes sense. */
  get action(): CardAction {
    const download = this.download;
    if (!download) return null;
    if (download.state === 'complete') {
      return this.playability === 'ok' ? 'play' : null;
    }
    return download.state === 'paused' || download.state === 'failed' ? 'resume' : 'pause';
  }

  override _handleLeft(): boolean {
    if (!this.Primary.visible) return false;
    this.deleteFocused = false;
    this._refocus();
    return true;
  }

  override _handleRight(): boolean {
    this.deleteFocused = true;
    this._refocus();
    return true;
  }

  override _focus(): void {
    this.Background.color = colors.surface;
  }

  override _unfocus(): void {
    this.Background.color = UNFOCUSED;
  }

  override _getFocused(): Lightning.Component {
    return this.deleteFocused || !this.Primary.visible ? this.Delete : this.Primary;
  }
}

function statusText(download: Download, playability: Playability): string {
  if (download.state === 'failed') return failureText(download.failure);
  if (download.state !== 'complete') return downloadStateLabel(download);
  return playability === 'ok'
    ? t('download.state.complete')
    : t(`downloads.notPlayable.${playability}`);
}
