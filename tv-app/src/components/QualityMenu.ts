import { Lightning } from '@lightningjs/sdk';
import type { DownloadChoices } from '../downloads';
import { formatBytes, qualityLabel, rungLabel } from '../lib/download-text';
import { t } from '../lib/i18n';
import { colors, font, text } from '../lib/theme';
import { ClosableModal } from './ClosableModal';
import { modalTemplate, modalTitle } from './modal';

/** One line of the menu: what it stores, and why it can't (when it can't). */
export interface QualityOption {
  choice: 'auto' | number;
  label: string;
  /** The estimated size stored, or `null` for an Auto that has no rung to pick. */
  bytes: number | null;
  /** Set when the choice would not fit: the line is dimmed and Enter does nothing. */
  refusal: string | null;
}

interface OptionTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Label: object;
  Reason: object;
}

const PANEL = { w: 1000, x: 460 } as const;
const ROW_H = 96;

class QualityOptionItem
  extends Lightning.Component<OptionTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<OptionTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Label = this.getByRef('Label')!;
  readonly Reason = this.getByRef('Reason')!;
  private disabled = false;

  static override _template(): Lightning.Component.Template<OptionTemplateSpec> {
    return {
      w: PANEL.w - 80,
      h: ROW_H - 12,
      Background: {
        w: PANEL.w - 80,
        h: ROW_H - 12,
        rect: true,
        color: 0x00000000,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
      },
      Label: { x: 28, y: 44, mountY: 0.5, text: { ...text(font.body, { bold: true }), text: '' } },
      Reason: {
        x: PANEL.w - 108,
        y: 44,
        mountX: 1,
        mountY: 0.5,
        text: { ...text(font.small, { color: colors.danger }), text: '' },
      },
    };
  }

  setup(option: QualityOption): void {
    this.disabled = option.refusal !== null;
    this.Label.text!.text = option.label;
    this.Reason.text!.text = option.refusal ?? '';
    this.paint(false);
  }

  private paint(focused: boolean): void {
    this.Background.color = focused
      ? this.disabled
        ? colors.surfaceRaised
        : colors.accent
      : 0x00000000;
    this.Label.text!.textColor = focused && !this.disabled ? colors.accentText : colors.text;
    this.Label.alpha = this.disabled ? 0.5 : 1;
  }

  override _focus(): void {
    this.paint(true);
  }

  override _unfocus(): void {
    this.paint(false);
  }
}

interface QualityMenuTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: { Title: object; Hint: object; Items: object };
}

/** The menu's lines for `choices`: Auto (naming the rung it picks), then each rung. */
export function qualityOptions(choices: DownloadChoices): QualityOption[] {
  const free = Math.max(0, choices.budgetBytes - choices.usedBytes);
  const refusal = (bytes: number) =>
    bytes > free ? t('download.doesNotFit', { free: formatBytes(free) }) : null;
  const autoRung = choices.rungs.find((rung) => rung.height === choices.auto);
  const auto: QualityOption = autoRung
    ? {
        choice: 'auto',
        label: t('download.menu.auto', {
          quality: qualityLabel(autoRung.height),
          size: formatBytes(autoRung.bytes),
        }),
        bytes: autoRung.bytes,
        refusal: null,
      }
    : {
        choice: 'auto',
        label: t('download.menu.autoNone'),
        bytes: null,
        refusal: t('download.noneFits'),
      };
  return [
    auto,
    ...choices.rungs.map((rung) => ({
      choice: rung.height,
      label: rungLabel(rung),
      bytes: rung.bytes,
      refusal: refusal(rung.bytes),
    })),
  ];
}

/**
 * The quality menu Download opens, over the page: Up/Down through the choices, OK downloads the
 * focused one (a choice that would not fit says why and stays put), Back closes. Every other key
 * is swallowed so focus never leaves it while it is open.
 */
export class QualityMenu
  extends ClosableModal<QualityMenuTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<QualityMenuTemplateSpec>
{
  readonly Panel = this.getByRef('Panel')!;
  readonly Title = this.Panel.getByRef('Title')!;
  readonly Hint = this.Panel.getByRef('Hint')!;
  readonly Items = this.Panel.getByRef('Items')!;
  options: QualityOption[] = [];
  index = 0;
  onChoose?: (choice: 'auto' | number) => void;

  static override _template(): Lightning.Component.Template<QualityMenuTemplateSpec> {
    return {
      ...modalTemplate(
        { x: PANEL.x, y: 160, w: PANEL.w, h: 400 },
        {
          Title: modalTitle(PANEL.w),
          Hint: {
            x: 40,
            y: 120,
            text: {
              ...text(font.small, { color: colors.textDim }),
              wordWrapWidth: PANEL.w - 80,
              text: '',
            },
          },
          Items: { x: 40, y: 200 },
        },
      ),
      visible: false,
    };
  }

  /** Opens with a line of text (while the sizes load, or when they could not be had). */
  openWaiting(title: string, message: string): void {
    this.Title.text!.text = t('download.menu.title', { title });
    this.Hint.text!.text = message;
    this.setOptions([]);
    this.visible = true;
  }

  show(title: string, choices: DownloadChoices): void {
    this.Title.text!.text = t('download.menu.title', { title });
    this.Hint.text!.text = t('download.menu.hint', {
      used: formatBytes(choices.usedBytes),
      budget: formatBytes(choices.budgetBytes),
    });
    this.setOptions(qualityOptions(choices));
    this.visible = true;
  }

  close(): void {
    this.visible = false;
  }

  private setOptions(options: QualityOption[]): void {
    this.options = options;
    this.Items.children = options.map((_, index) => ({
      type: QualityOptionItem,
      y: index * ROW_H,
    }));
    (this.Items.children as QualityOptionItem[]).forEach((item, index) =>
      item.setup(options[index]!),
    );
    // The first choice that fits has focus: usually Auto.
    this.index = Math.max(
      0,
      options.findIndex((option) => option.refusal === null),
    );
    this.Panel.h = 220 + Math.max(1, options.length) * ROW_H;
    this._refocus();
  }

  override _handleUp(): boolean {
    this.index = Math.max(0, this.index - 1);
    this._refocus();
    return true;
  }

  override _handleDown(): boolean {
    this.index = Math.min(Math.max(0, this.options.length - 1), this.index + 1);
    this._refocus();
    return true;
  }

  override _handleEnter(): boolean {
    const option = this.options[this.index];
    if (option && option.refusal === null) this.onChoose?.(option.choice);
    return true;
  }

  override _getFocused(): Lightning.Component {
    return (this.Items.children[this.index] as QualityOptionItem | undefined) ?? this;
  }

  /** What the menu shows, for `window.__lanxang.page`. */
  snapshot(): { index: number; options: QualityOption[] } | null {
    return this.visible ? { index: this.index, options: this.options } : null;
  }
}
