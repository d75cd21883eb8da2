import { Router, type Lightning } from '@lightningjs/sdk';
import { DownloadIndicator } from './components/DownloadIndicator';
import { ExitDialog } from './components/ExitDialog';
import { OfflineBanner } from './components/OfflineBanner';
import { Toast } from './components/Toast';
import { getConfig } from './lib/config';
import { exposeDebugState } from './lib/debug';
import { appFonts } from './lib/fonts';
import { currentLocale, onLocaleChange, t } from './lib/i18n';
import { setNotifier } from './lib/notify';
import { colors, font, text } from './lib/theme';
import { routes } from './routes';

interface AppTemplateSpec extends Router.App.TemplateSpec {
  Toast: typeof Toast;
  ExitDialog: typeof ExitDialog;
  OfflineBanner: typeof OfflineBanner;
  DownloadIndicator: typeof DownloadIndicator;
}

export class App extends Router.App<AppTemplateSpec> {
  readonly Toast = this.getByRef('Toast')!;
  readonly ExitDialog = this.getByRef('ExitDialog')!;
  readonly OfflineBanner = this.getByRef('OfflineBanner')!;
  readonly DownloadIndicator = this.getByRef('DownloadIndicator')!;
  private exited = false;

  static getFonts() {
    return appFonts({ lao: getConfig().laoFont });
  }

  static override _template(): Lightning.Component.Template<AppTemplateSpec> {
    return {
      ...super._template(),
      // Replaces the SDK's opaque black "Loading.." with one that keeps the last screen visible.
      Loading: {
        rect: true,
        w: 1920,
        h: 1080,
        color: 0x99000000,
        visible: false,
        zIndex: 99,
        Label: {
          x: 960,
          y: 540,
          mount: 0.5,
          text: { ...text(font.heading, { color: colors.textDim }), text: '' },
        },
      },
      Toast: { type: Toast, zIndex: 200 },
      OfflineBanner: { type: OfflineBanner, zIndex: 150 },
      DownloadIndicator: { type: DownloadIndicator, zIndex: 150 },
      ExitDialog: { type: ExitDialog, visible: false, zIndex: 300 },
    };
  }

  override _setup(): void {
    setNotifier((message) => this.Toast.show(message));
    onLocaleChange(() => {
      this.OfflineBanner.refreshText();
      this.DownloadIndicator.refreshText();
    });
    this.ExitDialog.onStay = () => this._setState('');
    this.ExitDialog.onExit = () => {
      this.exited = true;
      // `closeApp` is the SDK's Application method (platform hook or teardown); its types omit it.
      (this.application as unknown as { closeApp(): void }).closeApp();
    };
    exposeDebugState({
      route: () => Router.getActiveHash(),
      // After "Exit" the application is torn down; the state stays readable.
      focusPath: () =>
        (this.application?.focusPath ?? []).map(
          (component) => component.ref ?? component.constructor.name,
        ),
      locale: () => currentLocale(),
      message: () => this.Toast.message,
      offlineBanner: () => this.OfflineBanner.message,
      downloadIndicator: () => this.DownloadIndicator.message,
      exitDialogOpen: () => this.ExitDialog.visible,
      exited: () => this.exited,
      ready: () =>
        Boolean(Router.getActiveHash()) && Router.getActiveHash() !== '$' && !Router.isNavigating(),
    });
    Router.startRouter(routes, this);
  }

  override _init(): void {
    const label = this.tag('Loading.Label' as never) as unknown as Lightning.Element | undefined;
    if (label?.text) label.text.text = t('splash.loading');
  }

  /**
   * The Router calls this when Back finds no history. A deep link (`#movie/x`) starts with empty
   * history, so Back there goes Home; only on Home does Back ask to leave the app.
   */
  override _handleAppClose(): void {
    const hash = Router.getActiveHash();
    if (hash !== 'home') {
      Router.navigate('home', false);
      return;
    }
    this._setState('ExitDialog');
  }

  static override _states() {
    return [
      ...super._states(),
      class ExitDialog extends this {
        override $enter() {
          this.ExitDialog.open();
        }
        override $exit() {
          this.ExitDialog.visible = false;
        }
        override _getFocused() {
          return this.ExitDialog;
        }
      },
    ];
  }
}
