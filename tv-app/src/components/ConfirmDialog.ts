import { type Lightning } from '@lightningjs/sdk';
import { colors, font, text } from '../lib/theme';
import { Button, flowButtons } from './Button';
import { ChoiceDialog } from './ChoiceDialog';
import { modalTemplate } from './modal';

interface ConfirmDialogTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: { Title: object; Body: object; Buttons: { Keep: typeof Button; Confirm: typeof Button } };
}

const PANEL = { w: 1000, h: 420 } as const;

/**
 * A question before something that can't be undone ("Delete all downloads?"). The safe answer is
 * focused first, so a stray OK changes nothing; Back answers it too.
 */
export class ConfirmDialog
  extends ChoiceDialog<ConfirmDialogTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ConfirmDialogTemplateSpec>
{
  readonly Panel = this.getByRef('Panel')!;
  readonly Title = this.Panel.getByRef('Title')!;
  readonly Body = this.Panel.getByRef('Body')!;
  readonly Buttons = this.Panel.getByRef('Buttons')!;
  readonly Keep = this.Buttons.getByRef('Keep')!;
  readonly Confirm = this.Buttons.getByRef('Confirm')!;
  onAnswer?: (confirmed: boolean) => void;

  static override _template(): Lightning.Component.Template<ConfirmDialogTemplateSpec> {
    return {
      ...modalTemplate(PANEL, {
        Title: {
          x: 50,
          y: 50,
          text: {
            ...text(font.heading, { bold: true }),
            wordWrapWidth: PANEL.w - 100,
            maxLines: 1,
            text: '',
          },
        },
        Body: {
          x: 50,
          y: 140,
          text: {
            ...text(font.body, { color: colors.textDim }),
            wordWrapWidth: PANEL.w - 100,
            maxLines: 3,
            text: '',
          },
        },
        Buttons: { x: 50, y: 300, Keep: { type: Button }, Confirm: { type: Button } },
      }),
      visible: false,
    };
  }

  open(copy: { title: string; body: string; keep: string; confirm: string }): void {
    this.secondFocused = false;
    this.Title.text!.text = copy.title;
    this.Body.text!.text = copy.body;
    this.Keep.label = copy.keep;
    this.Confirm.label = copy.confirm;
    flowButtons([this.Keep, this.Confirm]);
    this.visible = true;
  }

  close(): void {
    this.visible = false;
  }

  protected answers(): [Button, Button] {
    return [this.Keep, this.Confirm];
  }

  protected choose(confirmed: boolean): void {
    this.onAnswer?.(confirmed);
  }

  protected dismiss(): void {
    this.onAnswer?.(false);
  }
}
