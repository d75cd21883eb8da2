import { Lightning, Router } from '@lightningjs/sdk';
import { getHome } from '../services/catalog';
import type { DebugInfoSource } from '../lib/debug';
import { firstScreen } from '../lib/first-screen';
import { t } from '../lib/i18n';
import { colors, font, text } from '../lib/theme';

interface SplashTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Logo: object;
  Tagline: object;
  Status: object;
}

/**
 * The link the app was opened with, read as the app loads: the Router shows `#$` while it boots,
 * and the offline start (fetched only when Home fails) comes after that.
 */
const LAUNCH_HASH = typeof window === 'undefined' ? '' : window.location.hash;

interface SplashTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

/**
 * How long the Splash stays an empty background before its name and status show. A start whose
 * Home is in by then never draws them: three text textures (one in Lao) cost a slow TV several
 * frames of its first second, which is when Home's first screen is being built.
 */
const SHOW_AFTER_MS = 400;

/**
 * The Router's boot page (`$`). It fetches Home, then resumes the Router to wherever the launch
 * URL pointed, so the first real screen draws with data in hand.
 */
export class Splash
  extends Lightning.Component<SplashTemplateSpec, SplashTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<SplashTemplateSpec>, DebugInfoSource
{
  readonly Logo = this.getByRef('Logo')!;
  readonly Tagline = this.getByRef('Tagline')!;
  readonly Status = this.getByRef('Status')!;
  private showTimer?: ReturnType<typeof setTimeout>;

  static override _template(): Lightning.Component.Template<SplashTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Logo: {
        alpha: 0,
        x: 960,
        y: 470,
        mount: 0.5,
        text: { ...text(120, { bold: true, color: colors.accent }), text: 'Lanxang' },
      },
      Tagline: {
        alpha: 0,
        x: 960,
        y: 590,
        mount: 0.5,
        // Written when it shows (a Lao text is what loads ICU's Lao dictionary; see `fonts.ts`).
        text: { ...text(font.heading, { color: colors.textDim }), text: '' },
      },
      Status: {
        alpha: 0,
        x: 960,
        y: 900,
        mount: 0.5,
        text: { ...text(font.small, { color: colors.textFaint }), text: '' },
      },
    };
  }

  override _init(): void {
    this.Status.text!.text = t('splash.loading');
  }

  override _firstActive(): void {
    this.showTimer = setTimeout(() => {
      this.Tagline.text!.text = 'ລ້ານຊ້າງ';
      for (const element of [this.Logo, this.Tagline, this.Status]) element.alpha = 1;
    }, SHOW_AFTER_MS);
    getHome()
      .then(() => Router.resume())
      .catch(async (error: unknown) => {
        // No Home to draw: what waited for it (stored downloads resuming) goes ahead.
        firstScreen.markDrawn();
        // The downloads' code comes only for a start that could not load Home.
        const { offlineStart } = await import('../downloads/offline-start');
        const start = await offlineStart(error, LAUNCH_HASH);
        if (start === 'resume') Router.resume();
        else if (start) Router.navigate(start, false);
        else Router.navigate('!', { request: { error, hash: 'home' } } as never, false);
      });
  }

  debugInfo(): { nameShown: boolean } {
    return { nameShown: this.Logo.alpha === 1 };
  }

  override _inactive(): void {
    // Home (or an error page) drew: the name never needs to show.
    clearTimeout(this.showTimer);
  }
}
