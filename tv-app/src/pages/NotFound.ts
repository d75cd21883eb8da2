import { Lightning, Router } from '@lightningjs/sdk';
import { t } from '../lib/i18n';
import { notify } from '../lib/notify';

interface NotFoundTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

/**
 * The Router's `*` page, reached by a link to no screen (`#nonsense`). TV launchers deep-link
 * blindly, so instead of a dead end the viewer lands on Home with a note saying why.
 */
export class NotFound extends Lightning.Component<
  Lightning.Component.TemplateSpecLoose,
  NotFoundTypeConfig
> {
  override _active(): void {
    notify(t('home.badLink'));
    Router.navigate('home', false);
  }
}
