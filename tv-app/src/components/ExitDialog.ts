import { type Lightning } from '@lightningjs/sdk';
import { t } from '../lib/i18n';
import { font, text } from '../lib/theme';
import { Button } from './Button';
import { ChoiceDialog } from './ChoiceDialog';
import { modalTemplate } from './modal';

interface ExitDialogTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: {
    Title: object;
    Stay: typeof Button;
    Exit: typeof Button;
  };
}

const PANEL = { w: 900, h: 360 } as const;

/** "Leave Lanxang?" with Stay focused first, so a stray Back never closes the app by itself. */
export class ExitDialog
  extends ChoiceDialog<ExitDialogTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ExitDialogTemplateSpec>
{
  readonly Panel = this.getByRef('Panel')!;
  readonly Title = this.Panel.getByRef('Title')!;
  readonly Stay = this.Panel.getByRef('Stay')!;
  readonly Exit = this.Panel.getByRef('Exit')!;
  onStay?: () => void;
  onExit?: () => void;

  static override _template(): Lightning.Component.Template<ExitDialogTemplateSpec> {
    return modalTemplate(PANEL, {
      Title: {
        x: PANEL.w / 2,
        y: 90,
        mountX: 0.5,
        text: { ...text(font.heading, { bold: true }), text: '' },
      },
      Stay: { type: Button, x: 220, y: 220 },
      Exit: { type: Button, x: 480, y: 220 },
    });
  }

  open(): void {
    this.secondFocused = false;
    this.Title.text!.text = t('exit.title');
    this.Stay.label = t('exit.cancel');
    this.Exit.label = t('exit.confirm');
    this.visible = true;
  }

  protected answers(): [Button, Button] {
    return [this.Stay, this.Exit];
  }

  protected choose(exit: boolean): void {
    if (exit) this.onExit?.();
    else this.onStay?.();
  }

  protected dismiss(): void {
    this.onStay?.();
  }
}
