import { Lightning } from '@lightningjs/sdk';
import { t } from '../lib/i18n';
import { colors, font, text } from '../lib/theme';
import { Button } from './Button';
import { ChoiceDialog } from './ChoiceDialog';

interface ExitDialogTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: {
    Title: object;
    Stay: typeof Button;
    Exit: typeof Button;
  };
}

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
    return {
      w: 1920,
      h: 1080,
      rect: true,
      color: colors.scrim,
      Panel: {
        x: 960,
        y: 540,
        w: 900,
        h: 360,
        mount: 0.5,
        rect: true,
        color: colors.surface,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 24 },
        Title: {
          x: 450,
          y: 90,
          mountX: 0.5,
          text: { ...text(font.heading, { bold: true }), text: '' },
        },
        Stay: { type: Button, x: 220, y: 220 },
        Exit: { type: Button, x: 480, y: 220 },
      },
    };
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
