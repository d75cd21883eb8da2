import { Lightning, Router } from '@lightningjs/sdk';
import { Button, flowButtons } from '../components/Button';
import { messageScreen } from '../components/messageScreen';
import { t } from '../lib/i18n';
import { SCREEN } from '../lib/theme';

interface RentalEndedTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Title: object;
  Body: object;
  Back: typeof Button;
}

interface RentalEndedTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

/**
 * Where the player goes when the rental ends mid-film: it says so, and its one button returns to
 * the film's details (where it can be rented again).
 */
export class RentalEnded
  extends Lightning.Component<RentalEndedTemplateSpec, RentalEndedTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<RentalEndedTemplateSpec>
{
  readonly Title = this.getByRef('Title')!;
  readonly Body = this.getByRef('Body')!;
  readonly Back = this.getByRef('Back')!;
  private slug = '';

  static override _template(): Lightning.Component.Template<RentalEndedTemplateSpec> {
    return {
      ...messageScreen(),
      Back: { type: Button, x: SCREEN.marginX, y: 600 },
    };
  }

  override set params(args: Router.PageParams | undefined) {
    this.slug = typeof args?.slug === 'string' ? args.slug : '';
  }

  override _active(): void {
    this.Title.text!.text = t('rentalEnded.title');
    this.Body.text!.text = t('rentalEnded.body');
    this.Back.label = t('rentalEnded.back');
    flowButtons([this.Back]);
    this._refocus();
  }

  override _handleEnter(): void {
    this.toDetails();
  }

  override _handleBack(): void {
    this.toDetails();
  }

  /** The player left no history entry, so this page is not one either: Back from Details goes on. */
  private toDetails(): void {
    Router.navigate(this.slug ? `movie/${this.slug}` : 'home', false);
  }

  override _getFocused(): Lightning.Component {
    return this.Back;
  }
}
