import { Lightning, Router } from '@lightningjs/sdk';
import type { Locale } from '@lanxang/contracts';
import { getRoute } from '../services/client';
import { isSignedIn, signedInUser, signOut, storeUser } from '../services/session';
import { Menu } from '../components/Menu';
import {
  cleanupLog,
  downloadSupport,
  getBudgetBytes,
  listDownloads,
  setBudgetBytes,
  type CleanupEntry,
  type DownloadSupport,
} from '../downloads';
import { cleanupEntryText, formatBytes, unsupportedText } from '../lib/download-text';
import type { DebugInfoSource } from '../lib/debug';
import { getConfig } from '../lib/config';
import { currentLocale, setLocale, t, type TranslationKey } from '../lib/i18n';
import { QUALITY_CAPS, qualityCap, storeQualityCap, type QualityCap } from '../lib/preferences';
import { colors, font, SCREEN, text } from '../lib/theme';

interface SettingsTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Heading: object;
  Sections: typeof Menu;
  Panel: { Title: object; Options: typeof Menu; Note: object; Log: object };
}

interface SettingsTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

type Section = 'language' | 'quality' | 'account' | 'downloads' | 'about';
const SECTIONS: Array<{ id: Section; label: TranslationKey }> = [
  { id: 'language', label: 'settings.language' },
  { id: 'quality', label: 'settings.quality' },
  { id: 'account', label: 'settings.account' },
  { id: 'downloads', label: 'settings.downloads' },
  { id: 'about', label: 'settings.about' },
];

const GB = 1024 ** 3;
/** The space the viewer may give downloads; the engine's default (5 GB) is one of them. */
const BUDGETS_GB = [1, 2, 5, 10, 20] as const;

/**
 * Sections on the left, the chosen section's options on the right. A language choice applies at
 * once (this screen redraws in the new language) and is remembered for the next launch.
 */
export class Settings
  extends Lightning.Component<SettingsTemplateSpec, SettingsTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<SettingsTemplateSpec>, DebugInfoSource
{
  readonly Heading = this.getByRef('Heading')!;
  readonly Sections = this.getByRef('Sections')! as Menu<Section>;
  readonly Panel = this.getByRef('Panel')!;
  readonly PanelTitle = this.Panel.getByRef('Title')!;
  readonly Options = this.Panel.getByRef('Options')! as Menu<string>;
  readonly Note = this.Panel.getByRef('Note')!;
  readonly Log = this.Panel.getByRef('Log')!;
  private section: Section = 'language';
  /** What the Downloads section shows, read from the engine on each visit. */
  private downloads: { support: DownloadSupport | null; usedBytes: number; log: CleanupEntry[] } = {
    support: null,
    usedBytes: 0,
    log: [],
  };

  static override _template(): Lightning.Component.Template<SettingsTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Heading: {
        x: SCREEN.marginX,
        y: 60,
        text: { ...text(font.heading, { bold: true }), text: '' },
      },
      Sections: { type: Menu, x: SCREEN.marginX, y: 200 },
      Panel: {
        x: 760,
        y: 200,
        Title: { text: { ...text(font.body, { bold: true, color: colors.textDim }), text: '' } },
        Options: { type: Menu, y: 70 },
        Note: {
          y: 70,
          text: { ...text(font.body, { color: colors.textDim }), wordWrapWidth: 1000, text: '' },
        },
        Log: {
          y: 630,
          visible: false,
          text: {
            ...text(font.small, { color: colors.textFaint }),
            wordWrapWidth: 1000,
            maxLines: 5,
            text: '',
          },
        },
      },
    };
  }

  override _init(): void {
    this.Sections.onFocusOption = (section) => {
      this.section = section;
      this.renderPanel();
    };
    this.Sections.onSelect = () => this.enterPanel();
    this.Options.onSelect = (value) => void this.choose(value);
    this._setState('Sections');
    // The sections exist as soon as the page does: the Router focuses it a frame before
    // `_active`, and a Down pressed then found an empty menu and was lost.
    this.render();
  }

  override _active(): void {
    this.render();
    void this.checkAccount();
    void this.loadDownloads();
  }

  private async loadDownloads(): Promise<void> {
    const [support, downloads, log] = await Promise.all([
      downloadSupport().catch(() => null),
      listDownloads().catch(() => []),
      cleanupLog().catch(() => []),
    ]);
    const usedBytes = downloads.reduce((sum, download) => sum + download.progress.bytesDone, 0);
    this.downloads = { support, usedBytes, log };
    if (this.section === 'downloads') this.renderPanel();
  }

  /**
   * Asks the API who this TV is signed in as (the name may have changed on the web, or the TV may
   * have been signed out from /account: the client then signs out here too) and redraws.
   */
  private async checkAccount(): Promise<void> {
    if (!isSignedIn()) return;
    try {
      storeUser(await getRoute('me'));
    } catch {
      // Offline or signed out: what is stored (or its absence) is the best answer.
    }
    if (this.section === 'account') this.renderPanel();
  }

  private render(): void {
    this.Heading.text!.text = t('settings.title');
    this.Sections.setOptions(
      SECTIONS.map(({ id, label }) => ({ value: id, label: t(label) })),
      undefined,
      560,
    );
    this.renderPanel();
  }

  private renderPanel(): void {
    const section = SECTIONS.find(({ id }) => id === this.section)!;
    this.PanelTitle.text!.text = t(section.label);
    this.Options.visible = this.section !== 'about';
    this.Note.visible = ['account', 'about', 'downloads'].includes(this.section);
    this.Options.y = this.section === 'account' ? 200 : 70;
    this.Log.visible = false;
    if (this.section === 'downloads') {
      this.renderDownloads();
    } else if (this.section === 'language') {
      const languages: Locale[] = ['en', 'lo'];
      this.Options.setOptions(
        languages.map((value) => ({ value, label: t(`language.${value}`) })),
        currentLocale(),
      );
    } else if (this.section === 'quality') {
      this.Options.setOptions(
        QUALITY_CAPS.map((value) => ({
          value,
          label: value === 'auto' ? t('settings.quality.auto') : value,
        })),
        qualityCap(),
      );
    } else if (this.section === 'account') {
      const user = signedInUser();
      this.Note.text!.text = user
        ? t('settings.account.signedInAs', { name: user.displayName })
        : t('settings.account.signedOut');
      this.Options.setOptions(
        isSignedIn()
          ? [{ value: 'signout', label: t('settings.account.signOut') }]
          : [{ value: 'signin', label: t('settings.account.signIn') }],
        undefined,
      );
    } else {
      this.Note.text!.text = t('settings.about.version', { version: getConfig().version });
    }
  }

  /** The budget, what cleanup did last, or why this TV can't download. */
  private renderDownloads(): void {
    const { support, usedBytes, log } = this.downloads;
    const why = support ? unsupportedText(support) : null;
    this.Options.visible = why === null;
    if (why !== null) {
      this.Note.text!.text = why;
      return;
    }
    const budget = getBudgetBytes();
    this.Note.text!.text = t('settings.downloads.budget', {
      budget: formatBytes(budget),
      used: formatBytes(usedBytes),
    });
    this.Options.y = 150;
    this.Options.setOptions(
      [
        ...BUDGETS_GB.map((gb) => ({ value: String(gb), label: `${gb} GB` })),
        { value: 'open-downloads', label: t('settings.downloads.open') },
      ],
      String(Math.round(budget / GB)),
    );
    this.Log.visible = true;
    this.Log.y = this.Options.y + this.Options.h + 30;
    this.Log.text!.text =
      log.length === 0
        ? t('settings.downloads.cleanupNone')
        : [t('settings.downloads.cleanupLast'), ...log.slice(0, 3).map(cleanupEntryText)].join(
            '\n',
          );
  }

  private enterPanel(): void {
    if (this.Options.visible) this._setState('Options');
  }

  private async choose(value: string): Promise<void> {
    if (this.section === 'language' && (value === 'en' || value === 'lo')) {
      await setLocale(value);
      this.render();
    } else if (this.section === 'quality') {
      storeQualityCap(value as QualityCap);
      this.renderPanel();
    } else if (value === 'open-downloads') {
      Router.navigate('downloads');
    } else if (this.section === 'downloads') {
      await setBudgetBytes(Number(value) * GB);
      await this.loadDownloads();
      this.renderPanel();
    } else if (value === 'signin') {
      Router.navigate('signin');
    } else if (value === 'signout') {
      await signOut();
      this.renderPanel();
    }
  }

  debugInfo(): {
    section: Section;
    account: string | null;
    /** Only on the Downloads section: what it says. */
    downloads?: { note: string; log: string; options: string[] };
  } {
    return {
      section: this.section,
      account: signedInUser()?.displayName ?? null,
      downloads:
        this.section === 'downloads'
          ? {
              note: this.Note.text?.text ?? '',
              log: this.Log.visible ? (this.Log.text?.text ?? '') : '',
              options: this.Options.visible
                ? this.Options.options.map((option) => option.label)
                : [],
            }
          : undefined,
    };
  }

  static override _states() {
    return [
      class Sections extends this {
        override _handleRight() {
          this.enterPanel();
        }
        override _getFocused() {
          return this.Sections;
        }
      },
      class Options extends this {
        override _handleLeft() {
          this._setState('Sections');
        }
        override _handleBack() {
          this._setState('Sections');
        }
        override _getFocused() {
          return this.Options;
        }
      },
    ];
  }
}
