import { Lightning } from '@lightningjs/sdk';

/**
 * What a modal closed with Back does with the remote: Back asks to close it (`onClose`), and every
 * key it does not handle itself is swallowed, so the page underneath never moves while it is open
 * and focus never leaves it.
 */
export abstract class ClosableModal<
  TemplateSpec extends Lightning.Component.TemplateSpec,
> extends Lightning.Component<TemplateSpec> {
  /** Called when the modal is to close: on Back, and when the modal itself is done. */
  onClose?: () => void;

  override _handleBack(): boolean {
    this.onClose?.();
    return true;
  }

  override _handleKey(): boolean {
    return true;
  }
}
