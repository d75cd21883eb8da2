import { Lightning, Router } from '@lightningjs/sdk';
import type { MovieDetails, RentalPrice } from '@lanxang/contracts';
import { Button, flowButtons } from '../components/Button';
import { centredLine, linkLine, qrWithCaption, stepLine } from '../components/code-screen';
import type { QrCode } from '../components/QrCode';
import { Checkout, type CheckoutView } from '../lib/checkout';
import type { DebugInfoSource } from '../lib/debug';
import { formatClock } from '../lib/format';
import { currentLocale, localized, t } from '../lib/i18n';
import { colors, font, SCREEN, text } from '../lib/theme';
import { clearCatalogCache } from '../services/catalog';
import { priceLabel, timeLeftLabel } from '../lib/rental-text';

interface RentTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Heading: object;
  Price: object;
  Steps: {
    Scan: object;
    GoTo: object;
    Url: object;
    Enter: object;
    Code: object;
    Expiry: object;
    Status: object;
    Buttons: { Retry: typeof Button; Cancel: typeof Button };
  };
  Qr: { Code: typeof QrCode; Caption: object };
  Paid: { Title: object; Until: object; Play: typeof Button };
}

interface RentTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

/** Where the QR sits; the browser test reads the code off the screen at this region. */
export const RENT_QR = { x: 1240, y: 200, size: 560 } as const;

/** Why a payment failed, as the API names it, mapped to a sentence; others get a general one. */
const FAILURE_KEYS = {
  amount_mismatch: 'rent.failed.amountMismatch',
  declined: 'rent.failed.declined',
  provider_error: 'rent.failed.providerError',
  refunded: 'rent.failed.refunded',
} as const;

/**
 * Renting a film from the sofa: the LAO QR of a fresh payment for a banking app to scan, and
 * beside it a short link and code for a phone, which can pay there or enter a promo code. The
 * screen learns of the payment by itself and offers Play. Back cancels the payment; an expired
 * QR offers a new one; a failed payment says why.
 */
export class Rent
  extends Lightning.Component<RentTemplateSpec, RentTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<RentTemplateSpec>, DebugInfoSource
{
  readonly Heading = this.getByRef('Heading')!;
  readonly Price = this.getByRef('Price')!;
  readonly Steps = this.getByRef('Steps')!;
  readonly Scan = this.Steps.getByRef('Scan')!;
  readonly GoTo = this.Steps.getByRef('GoTo')!;
  readonly Url = this.Steps.getByRef('Url')!;
  readonly Enter = this.Steps.getByRef('Enter')!;
  readonly Code = this.Steps.getByRef('Code')!;
  readonly Expiry = this.Steps.getByRef('Expiry')!;
  readonly Status = this.Steps.getByRef('Status')!;
  readonly Buttons = this.Steps.getByRef('Buttons')!;
  readonly Retry = this.Buttons.getByRef('Retry')!;
  readonly Cancel = this.Buttons.getByRef('Cancel')!;
  readonly Qr = this.getByRef('Qr')!;
  readonly QrCode = this.Qr.getByRef('Code')!;
  readonly QrCaption = this.Qr.getByRef('Caption')!;
  readonly Paid = this.getByRef('Paid')!;
  readonly PaidTitle = this.Paid.getByRef('Title')!;
  readonly PaidUntil = this.Paid.getByRef('Until')!;
  readonly Play = this.Paid.getByRef('Play')!;

  private movie?: MovieDetails;
  private price?: RentalPrice;
  private checkout?: Checkout;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private focusRetry = true;

  static override _template(): Lightning.Component.Template<RentTemplateSpec> {
    const left = SCREEN.marginX;
    const columnWidth = RENT_QR.x - left - 80;
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Heading: {
        x: left,
        y: 60,
        text: {
          ...text(font.heading, { bold: true }),
          wordWrapWidth: 1720,
          maxLines: 1,
          text: '',
        },
      },
      Price: {
        x: left,
        y: 130,
        text: { ...text(font.heading, { color: colors.accent }), text: '' },
      },
      Steps: {
        x: left,
        y: 240,
        Scan: stepLine(0, columnWidth),
        GoTo: stepLine(110, columnWidth),
        Url: linkLine(160, columnWidth),
        Enter: stepLine(240, columnWidth),
        Code: {
          y: 280,
          text: { ...text(120, { bold: true }), lineHeight: 160, letterSpacing: 12, text: '' },
        },
        Expiry: stepLine(460, columnWidth),
        Status: {
          y: 510,
          text: { ...text(font.body), wordWrapWidth: columnWidth, maxLines: 3, text: '' },
        },
        Buttons: { y: 660, Retry: { type: Button }, Cancel: { type: Button } },
      },
      Qr: qrWithCaption(RENT_QR),
      Paid: {
        visible: false,
        Title: centredLine(420, text(font.title, { bold: true })),
        Until: centredLine(530, text(font.body, { color: colors.textDim })),
        Play: { type: Button, x: 960, y: 620, mountX: 0.5 },
      },
    };
  }

  /** Set by the route's data provider. */
  set details(movie: MovieDetails) {
    this.movie = movie;
  }

  /** Set by the route's data provider: the tier's price and rental length, before any promo. */
  set rentalPrice(price: RentalPrice) {
    this.price = price;
  }

  override _init(): void {
    this.Retry.onEnter = () => this.checkout?.retry();
    this.Cancel.onEnter = () => this.leave();
    this.Play.onEnter = () => {
      // Rent is left out of history: Back from the film returns to its Details.
      if (this.movie) Router.navigate(`play/${this.movie.slug}`, false);
    };
  }

  override _active(): void {
    const movie = this.movie;
    if (!movie) return;
    this.Heading.text!.text = t('rent.title', { title: localized(movie.title) });
    this.Price.text!.text = this.price ? priceLabel(this.price.amount, this.price.rentalHours) : '';
    this.Scan.text!.text = t('rent.scan');
    this.GoTo.text!.text = t('rent.goTo');
    this.Enter.text!.text = t('rent.enterCode');
    this.Retry.label = t('rent.newQr');
    this.Cancel.label = t('rent.cancel');
    this.Play.label = t('details.play');
    flowButtons([this.Retry, this.Cancel]);
    this.checkout = new Checkout(movie, (view) => this.render(view));
    this.ticker = setInterval(() => this.renderExpiry(), 1000);
    this.checkout.start();
  }

  override _inactive(): void {
    this.checkout?.stop();
    clearInterval(this.ticker);
  }

  override _handleBack(): void {
    this.leave();
  }

  private leave(): void {
    this.checkout?.cancel();
    Router.back();
  }

  private render(view: CheckoutView): void {
    const paid = view.phase === 'paid';
    this.Steps.visible = !paid;
    this.Qr.visible = !paid;
    this.Paid.visible = paid;
    // A QR that no longer works is greyed out rather than removed, so the layout never jumps.
    const live = view.phase === 'pending';
    for (const element of [this.Url, this.Code, this.Qr]) element.alpha = live ? 1 : 0.25;
    if (view.phase === 'pending') {
      const { payment } = view;
      // A promo code entered on a phone lowers the amount of this very payment.
      if (this.price) this.Price.text!.text = priceLabel(payment.amount, this.price.rentalHours);
      this.Url.text!.text = payment.phoneUrl.replace(/^https?:\/\//, '');
      this.Code.text!.text = payment.shortCode;
      this.QrCaption.text!.text = t('rent.qrCaption');
      if (payment.qrPayload) void this.QrCode.show(payment.qrPayload, RENT_QR.size);
    }
    this.Retry.visible =
      view.phase === 'expired' || view.phase === 'failed' || view.phase === 'error';
    this.focusRetry = this.Retry.visible;
    flowButtons([this.Retry, this.Cancel]);
    this.Status.text!.textColor =
      view.phase === 'failed' || view.phase === 'error' || view.phase === 'expired'
        ? colors.danger
        : colors.text;
    this.Status.text!.text = this.statusText(view);
    if (view.phase === 'paid') {
      // Details and Home show the rental (time left, My rentals) the next time they draw.
      clearCatalogCache();
      this.PaidTitle.text!.text = t('rent.paid');
      const expiresAt = view.rentalExpiresAt;
      this.PaidUntil.text!.text = expiresAt ? timeLeftLabel(expiresAt) : '';
    }
    this.renderExpiry();
    this._refocus();
  }

  private statusText(view: CheckoutView): string {
    switch (view.phase) {
      case 'starting':
        return t('rent.starting');
      case 'pending':
        return t(view.unreachable ? 'rent.unreachable' : 'rent.waiting');
      case 'expired':
        return t('rent.expired');
      case 'failed': {
        const key = FAILURE_KEYS[view.reason as keyof typeof FAILURE_KEYS];
        return key ? t(key) : t('rent.failed.other', { reason: view.reason });
      }
      case 'error':
        return t('rent.error');
      case 'paid':
        return '';
    }
  }

  private secondsLeft(): number | null {
    const view = this.checkout?.view;
    return view?.phase === 'pending'
      ? Math.max(0, Math.ceil((view.expiresAt - Date.now()) / 1000))
      : null;
  }

  private renderExpiry(): void {
    const seconds = this.secondsLeft();
    this.Expiry.text!.text =
      seconds === null ? '' : t('rent.expiresIn', { time: formatClock(seconds) });
  }

  override _handleLeft(): void {
    if (this.Retry.visible) this.focusRetry = true;
    this._refocus();
  }

  override _handleRight(): void {
    this.focusRetry = false;
    this._refocus();
  }

  override _getFocused(): Lightning.Component {
    if (this.checkout?.view.phase === 'paid') return this.Play;
    return this.focusRetry && this.Retry.visible ? this.Retry : this.Cancel;
  }

  debugInfo() {
    const view = this.checkout?.view ?? { phase: 'starting' as const };
    const payment = view.phase === 'pending' || view.phase === 'paid' ? view.payment : null;
    return {
      phase: view.phase,
      paymentId: payment?.id ?? null,
      amount: payment?.amount ?? null,
      phoneUrl: payment?.phoneUrl ?? null,
      shortCode: payment?.shortCode ?? null,
      qr: this.QrCode.shownText,
      price: this.Price.text?.text ?? '',
      status: this.Status.text?.text ?? '',
      secondsLeft: this.secondsLeft(),
      paymentsStarted: this.checkout?.paymentsStarted ?? 0,
      locale: currentLocale(),
    };
  }
}
