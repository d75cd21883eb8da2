import { Lightning } from '@lightningjs/sdk';
import { isOnline, onConnectivityChange } from '../lib/connectivity';
import { t } from '../lib/i18n';
import { colors, font, text } from '../lib/theme';

interface OfflineBannerTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Dot: object;
  Label: object;
}

/**
 * "You're offline. Downloaded films still play." at the bottom of every page while the TV has no
 * network; it goes by itself when the network is back. It takes no focus.
 */
export class OfflineBanner
  extends Lightning.Component<OfflineBannerTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<OfflineBannerTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Label = this.getByRef('Label')!;
  /** Called with the new state, after the banner has shown or hidden itself. */
  onChange?: (online: boolean) => void;

  static override _template(): Lightning.Component.Template<OfflineBannerTemplateSpec> {
    return {
      // Bottom centre: clear of the corner indicator and of the error screens' code line.
      x: 960,
      mountX: 0.5,
      y: 1080 - 48 - 84,
      h: 84,
      visible: false,
      Background: {
        h: 84,
        rect: true,
        color: 0xff262b36,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      },
      Dot: {
        x: 28,
        y: 42,
        w: 16,
        h: 16,
        mountY: 0.5,
        rect: true,
        color: colors.danger,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 },
      },
      Label: { x: 60, y: 46, mountY: 0.5, text: { ...text(font.small, { bold: true }), text: '' } },
    };
  }

  override _init(): void {
    this.Label.on('txLoaded', () => this.fit());
    onConnectivityChange((online) => {
      this.render(online);
      this.onChange?.(online);
    });
    this.render(isOnline());
  }

  private render(online: boolean): void {
    this.visible = !online;
    if (online) return;
    this.Label.text!.text = t('offline.banner');
    this.Label.loadTexture();
    this.fit();
  }

  private fit(): void {
    this.w = this.Label.renderWidth + 90;
    this.Background.w = this.w;
  }

  refreshText(): void {
    this.render(isOnline());
  }

  get message(): string | null {
    return this.visible ? (this.Label.text?.text ?? null) : null;
  }
}
