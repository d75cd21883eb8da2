import { Lightning, Router } from '@lightningjs/sdk';
import { AppError, asAppError, type FailureKind } from '../services/errors';
import { Button, flowButtons } from '../components/Button';
import { messageScreen } from '../components/messageScreen';
import { onConnectivityChange } from '../lib/connectivity';
import { debugReport } from '../lib/debug';
import { t, type TranslationKey } from '../lib/i18n';
import { colors, font, SCREEN, text } from '../lib/theme';

interface ErrorPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Title: object;
  Body: object;
  Code: object;
  Retry: typeof Button;
  Home: typeof Button;
  Downloads: typeof Button;
}

interface ErrorPageTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

const COPY: Record<FailureKind, { title: TranslationKey; body: TranslationKey }> = {
  // Offline, what failed is something not downloaded: say so, and offer what does play.
  network: { title: 'offline.needsNetwork.title', body: 'offline.needsNetwork.body' },
  unavailable: { title: 'error.api.title', body: 'error.api.body' },
  not_found: { title: 'error.notFound.title', body: 'error.notFound.body' },
  playback: { title: 'error.playback.title', body: 'error.playback.body' },
};

/**
 * The Router's `!` page: whatever a data provider rejected with lands here, as a screen that says
 * what happened and offers the one useful action (retry, or go Home when retrying cannot help).
 */
export class ErrorPage
  extends Lightning.Component<ErrorPageTemplateSpec, ErrorPageTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<ErrorPageTemplateSpec>
{
  readonly Title = this.getByRef('Title')!;
  readonly Body = this.getByRef('Body')!;
  readonly Code = this.getByRef('Code')!;
  readonly Retry = this.getByRef('Retry')!;
  readonly Home = this.getByRef('Home')!;
  readonly Downloads = this.getByRef('Downloads')!;
  private error: AppError = new AppError('unavailable', 'internal_error', '');
  private failedHash = '';
  private focusHome = false;
  private focusDownloads = false;
  private retrying = false;

  static override _template(): Lightning.Component.Template<ErrorPageTemplateSpec> {
    return {
      ...messageScreen(),
      Retry: { type: Button, x: SCREEN.marginX, y: 600 },
      Home: { type: Button, y: 600 },
      Downloads: { type: Button, y: 600 },
      Code: {
        x: SCREEN.marginX,
        y: 980,
        text: { ...text(font.small, { color: colors.textFaint }), text: '' },
      },
    };
  }

  /** The Router hands over `{ request }`, where `request.error` is what the provider threw. */
  override set params(args: Router.PageParams | undefined) {
    // The Router's PageParams type says strings only; for `!` it passes the failed request object.
    const request = (args as { request?: { error?: unknown; hash?: string } } | undefined)?.request;
    this.error = asAppError(request?.error);
    this.failedHash = request?.hash ?? '';
    this.render();
  }

  private get canRetry(): boolean {
    return this.error.kind !== 'not_found';
  }

  private render(): void {
    debugReport.error(this.error);
    const copy = COPY[this.error.kind];
    this.Title.text!.text = t(copy.title);
    // A stored film the server must see again is downloaded: "isn't downloaded" would mislead.
    this.Body.text!.text = t(
      this.error.code === 'needs_server_check'
        ? 'downloads.notPlayable.needs_server_check'
        : copy.body,
    );
    this.Code.text!.text = t('error.code', {
      category: this.error.category ?? this.error.kind,
      code: this.error.code,
    });
    this.Retry.label = t('error.retry');
    this.Retry.visible = this.canRetry;
    this.Home.label = t('error.home');
    this.Downloads.label = t('nav.downloads');
    this.Downloads.visible = this.error.kind === 'network';
    flowButtons([this.Retry, this.Downloads, this.Home]);
    this.focusHome = !this.canRetry;
    this.focusDownloads = false;
    this.retrying = false;
    this._refocus();
  }

  override _init(): void {
    // Back online, a screen that failed for want of the network tries again by itself.
    onConnectivityChange((online) => {
      if (online && this.active && this.error.kind === 'network') this.retry();
    });
  }

  private retry(): void {
    if (this.retrying) return;
    this.retrying = true;
    // The error page is not in history, so re-navigating to the failed hash is a clean retry.
    Router.navigate(
      !this.failedHash || this.failedHash === '!' || this.failedHash === '$'
        ? 'home'
        : this.failedHash,
      false,
    );
  }

  override _inactive(): void {
    debugReport.error(null);
  }

  /** Left to right: Retry, Downloads (offline only), Home. */
  private buttons(): Button[] {
    return [this.Retry, this.Downloads, this.Home].filter((button) => button.visible);
  }

  private moveFocus(step: number): void {
    const buttons = this.buttons();
    const at = buttons.indexOf(this._getFocused() as Button);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + step))] ?? this.Home;
    this.focusHome = next === this.Home;
    this.focusDownloads = next === this.Downloads;
    this._refocus();
  }

  override _handleLeft(): void {
    this.moveFocus(-1);
  }

  override _handleRight(): void {
    this.moveFocus(1);
  }

  override _handleEnter(): void {
    if (this.focusDownloads) Router.navigate('downloads', false);
    else if (this.focusHome || !this.failedHash || this.failedHash === '!') {
      Router.navigate('home', false);
    } else this.retry();
  }

  override _getFocused(): Lightning.Component {
    if (this.focusDownloads) return this.Downloads;
    return this.focusHome ? this.Home : this.Retry;
  }
}
