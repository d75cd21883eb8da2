import { Lightning, Router } from '@lightningjs/sdk';
import { Button } from '../components/Button';
import { centredLine, linkLine, qrWithCaption, stepLine } from '../components/code-screen';
import type { QrCode } from '../components/QrCode';
import type { DebugInfoSource } from '../lib/debug';
import { formatClock } from '../lib/format';
import { t } from '../lib/i18n';
import { Pairing, type PairingView } from '../lib/pairing';
import { colors, font, SCREEN, text } from '../lib/theme';

interface SignInTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Heading: object;
  Steps: {
    GoTo: object;
    Url: object;
    Enter: object;
    Code: object;
    Expiry: object;
    Status: object;
    NewCode: typeof Button;
  };
  Qr: { Code: typeof QrCode; Caption: object };
  Welcome: { Title: object; Continue: typeof Button };
}

interface SignInTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

const QR_X = 1300;
const QR_SIZE = 500;
/** How long "Welcome, <name>" stays before the screen returns to where the viewer came from. */
const WELCOME_MS = 5000;

/**
 * Pairing with an account (RFC 8628): the code in type big enough to read from the sofa, the link
 * to type it at and a QR code of the link with the code filled in, the time the code has left.
 * Polling runs only while this screen is showing; Back stops it.
 */
export class SignIn
  extends Lightning.Component<SignInTemplateSpec, SignInTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<SignInTemplateSpec>, DebugInfoSource
{
  readonly Heading = this.getByRef('Heading')!;
  readonly Steps = this.getByRef('Steps')!;
  readonly GoTo = this.Steps.getByRef('GoTo')!;
  readonly Url = this.Steps.getByRef('Url')!;
  readonly Enter = this.Steps.getByRef('Enter')!;
  readonly Code = this.Steps.getByRef('Code')!;
  readonly Expiry = this.Steps.getByRef('Expiry')!;
  readonly Status = this.Steps.getByRef('Status')!;
  readonly NewCode = this.Steps.getByRef('NewCode')!;
  readonly Qr = this.getByRef('Qr')!;
  readonly QrCode = this.Qr.getByRef('Code')!;
  readonly QrCaption = this.Qr.getByRef('Caption')!;
  readonly Welcome = this.getByRef('Welcome')!;
  readonly WelcomeTitle = this.Welcome.getByRef('Title')!;
  readonly Continue = this.Welcome.getByRef('Continue')!;

  private readonly pairing = new Pairing((view) => this.render(view));
  private ticker: ReturnType<typeof setInterval> | undefined;
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<SignInTemplateSpec> {
    const left = SCREEN.marginX;
    const columnWidth = QR_X - left - 80;
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Heading: {
        x: left,
        y: 60,
        text: { ...text(font.heading, { bold: true }), text: '' },
      },
      Steps: {
        x: left,
        y: 200,
        GoTo: stepLine(0, columnWidth),
        Url: linkLine(56, columnWidth),
        Enter: stepLine(170, columnWidth),
        Code: {
          y: 210,
          text: {
            ...text(160, { bold: true }),
            lineHeight: 200,
            letterSpacing: 16,
            text: '',
          },
        },
        Expiry: stepLine(440, columnWidth),
        Status: {
          y: 500,
          text: { ...text(font.body), wordWrapWidth: columnWidth, maxLines: 2, text: '' },
        },
        NewCode: { type: Button, y: 630 },
      },
      Qr: qrWithCaption({ x: QR_X, y: 200, size: QR_SIZE }),
      Welcome: {
        visible: false,
        Title: centredLine(440, text(font.title, { bold: true })),
        Continue: { type: Button, x: 960, y: 600, mountX: 0.5 },
      },
    };
  }

  override _init(): void {
    this.NewCode.onEnter = () => this.pairing.start();
    this.Continue.onEnter = () => this.leave();
  }

  override _active(): void {
    this.Heading.text!.text = t('signin.title');
    this.GoTo.text!.text = t('signin.goTo');
    this.Enter.text!.text = t('signin.enterCode');
    this.QrCaption.text!.text = t('signin.scan');
    this.NewCode.label = t('signin.newCode');
    this.Continue.label = t('signin.continue');
    this.ticker = setInterval(() => this.renderExpiry(), 1000);
    this.pairing.start();
  }

  override _inactive(): void {
    this.pairing.stop();
    clearInterval(this.ticker);
    clearTimeout(this.welcomeTimer);
  }

  private leave(): void {
    clearTimeout(this.welcomeTimer);
    Router.back();
  }

  private render(view: PairingView): void {
    const showingCode = view.phase === 'code';
    this.Steps.visible = view.phase !== 'welcome';
    this.Qr.visible = view.phase !== 'welcome';
    this.Welcome.visible = view.phase === 'welcome';
    // A code that no longer works is greyed out rather than removed, so the layout never jumps.
    const alpha = showingCode ? 1 : 0.25;
    for (const element of [this.Url, this.Code, this.Qr]) element.alpha = alpha;
    if (view.phase === 'code') {
      this.Url.text!.text = view.code.verification_uri.replace(/^https?:\/\//, '');
      this.Code.text!.text = view.code.user_code;
      void this.QrCode.show(view.code.verification_uri_complete, QR_SIZE);
    }
    this.Status.text!.textColor =
      view.phase === 'denied' || view.phase === 'failed' || view.phase === 'busy'
        ? colors.danger
        : colors.text;
    this.Status.text!.text =
      view.phase === 'starting'
        ? t('signin.starting')
        : view.phase === 'code'
          ? t(view.unreachable ? 'signin.unreachable' : 'signin.waiting')
          : view.phase === 'denied'
            ? t('signin.denied')
            : view.phase === 'busy'
              ? t('signin.busy')
              : view.phase === 'failed'
                ? t('signin.failed')
                : '';
    if (view.phase === 'welcome') {
      this.WelcomeTitle.text!.text = view.user
        ? t('signin.welcome', { name: view.user.displayName })
        : t('signin.welcomeNoName');
      this.welcomeTimer = setTimeout(() => this.leave(), WELCOME_MS);
    }
    this.renderExpiry();
    this._refocus();
  }

  /** Seconds until the code shown expires, or until a new code is asked for after a refusal. */
  private secondsLeft(): number | null {
    const { view } = this.pairing;
    const until =
      view.phase === 'code' ? view.expiresAt : view.phase === 'busy' ? view.retryAt : null;
    return until === null ? null : Math.max(0, Math.ceil((until - Date.now()) / 1000));
  }

  private renderExpiry(): void {
    const seconds = this.secondsLeft();
    this.Expiry.text!.text =
      seconds === null
        ? ''
        : t(this.pairing.view.phase === 'busy' ? 'signin.retryIn' : 'signin.expiresIn', {
            time: formatClock(seconds),
          });
  }

  override _getFocused(): Lightning.Component {
    return this.pairing.view.phase === 'welcome' ? this.Continue : this.NewCode;
  }

  debugInfo() {
    const { view } = this.pairing;
    return {
      phase: view.phase,
      status: this.Status.text?.text ?? '',
      userCode: view.phase === 'code' ? view.code.user_code : null,
      verificationUri: view.phase === 'code' ? view.code.verification_uri : null,
      qr: this.QrCode.shownText,
      secondsLeft: this.secondsLeft(),
      intervalSeconds: this.pairing.pollingIntervalSeconds,
      codesShown: this.pairing.codesShown,
      welcome: view.phase === 'welcome' ? (this.WelcomeTitle.text?.text ?? '') : null,
    };
  }
}
