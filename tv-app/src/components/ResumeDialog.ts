import { type Lightning } from '@lightningjs/sdk';
import { formatClock } from '../lib/format';
import { t } from '../lib/i18n';
import { colors, font, text } from '../lib/theme';
import { Button, flowButtons } from './Button';
import { ChoiceDialog } from './ChoiceDialog';
import { modalTemplate } from './modal';

interface ResumeDialogTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: {
    Title: object;
    Question: object;
    Buttons: { Resume: typeof Button; StartOver: typeof Button };
  };
}

const PANEL = { w: 1000, h: 400 } as const;

/**
 * "Resume from 42:10" / "Start over", before a film with a resume point plays. Resume is focused
 * first (what the viewer most often wants); Back leaves without playing. The dialog holds focus
 * until one of the three happens, so no key leaves focus nowhere.
 */
export class ResumeDialog
  extends ChoiceDialog<ResumeDialogTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ResumeDialogTemplateSpec>
{
  readonly Panel = this.getByRef('Panel')!;
  readonly Title = this.Panel.getByRef('Title')!;
  readonly Question = this.Panel.getByRef('Question')!;
  readonly Buttons = this.Panel.getByRef('Buttons')!;
  readonly Resume = this.Buttons.getByRef('Resume')!;
  readonly StartOver = this.Buttons.getByRef('StartOver')!;
  /** The viewer's answer: where to start, in seconds. */
  onChoose?: (fromSeconds: number) => void;
  onCancel?: () => void;
  private resumeAt = 0;

  static override _template(): Lightning.Component.Template<ResumeDialogTemplateSpec> {
    return modalTemplate(PANEL, {
      Title: {
        x: PANEL.w / 2,
        y: 60,
        mountX: 0.5,
        text: {
          ...text(font.heading, { bold: true }),
          wordWrapWidth: PANEL.w - 100,
          maxLines: 1,
          textAlign: 'center' as const,
          text: '',
        },
      },
      Question: {
        x: PANEL.w / 2,
        y: 150,
        mountX: 0.5,
        text: { ...text(font.body, { color: colors.textDim }), text: '' },
      },
      Buttons: { y: 250, Resume: { type: Button }, StartOver: { type: Button } },
    });
  }

  /** Shows the question for a film stopped at `resumeAt` seconds. */
  open(title: string, resumeAt: number): void {
    this.resumeAt = resumeAt;
    this.secondFocused = false;
    this.Title.text!.text = title;
    this.Question.text!.text = t('resume.question');
    this.Resume.label = t('details.resumeFrom', { time: formatClock(resumeAt) });
    this.StartOver.label = t('resume.startOver');
    flowButtons([this.Resume, this.StartOver]);
    // Centre the pair once their widths (which depend on the language) are known.
    const centre = () => {
      this.Buttons.x = (PANEL.w - (this.StartOver.x + this.StartOver.w)) / 2;
    };
    const place = this.StartOver.onResize;
    for (const button of [this.Resume, this.StartOver]) {
      button.onResize = () => {
        place?.();
        centre();
      };
    }
    centre();
    this.visible = true;
  }

  close(): void {
    this.visible = false;
  }

  protected answers(): [Button, Button] {
    return [this.Resume, this.StartOver];
  }

  protected choose(startOver: boolean): void {
    this.onChoose?.(startOver ? 0 : this.resumeAt);
  }

  protected dismiss(): void {
    this.onCancel?.();
  }
}
