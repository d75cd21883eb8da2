import { Lightning } from '@lightningjs/sdk';
import type { Button } from './Button';

/**
 * What a question with two answers does with the remote: Left and Right move between the answers,
 * OK picks the focused one, Back dismisses, and every other key is swallowed, so the page
 * underneath never moves while the question is open and focus never leaves it.
 */
export abstract class ChoiceDialog<
  TemplateSpec extends Lightning.Component.TemplateSpec,
> extends Lightning.Component<TemplateSpec> {
  protected secondFocused = false;

  /** The two answers, left to right. */
  protected abstract answers(): [Button, Button];
  protected abstract choose(second: boolean): void;
  protected abstract dismiss(): void;

  override _handleLeft(): void {
    this.secondFocused = false;
    this._refocus();
  }

  override _handleRight(): void {
    this.secondFocused = true;
    this._refocus();
  }

  override _handleEnter(): void {
    this.choose(this.secondFocused);
  }

  override _handleBack(): void {
    this.dismiss();
  }

  override _handleKey(): boolean {
    return true;
  }

  override _getFocused(): Lightning.Component {
    const [first, second] = this.answers();
    return this.secondFocused ? second : first;
  }
}
