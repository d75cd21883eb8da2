import { Lightning } from '@lightningjs/sdk';
import { Menu, type MenuOption } from './Menu';

interface MenuPanelTemplateSpec extends Lightning.Component.TemplateSpec {
  Menu: typeof Menu;
}

const PADDING = 20;
const MENU_WIDTH = 560;
/** Space between the panel and what it opens above. */
const GAP = 24;

/** A menu on a dark rounded panel that opens above the control that asked for it. */
export class MenuPanel
  extends Lightning.Component<MenuPanelTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<MenuPanelTemplateSpec>
{
  readonly Menu = this.getByRef('Menu')! as Menu<string>;

  static override _template(): Lightning.Component.Template<MenuPanelTemplateSpec> {
    return {
      w: MENU_WIDTH + PADDING * 2,
      h: 460,
      rect: true,
      color: 0xee1a1e27,
      visible: false,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      Menu: { type: Menu, x: PADDING, y: PADDING },
    };
  }

  set onSelect(listener: (value: string) => void) {
    this.Menu.onSelect = listener;
  }

  /** Shows `options` with `selected` marked, the panel's bottom edge just above `above` (a y). */
  open(options: Array<MenuOption<string>>, selected: string, above: number): void {
    this.Menu.setOptions(options, selected, MENU_WIDTH);
    this.h = this.Menu.h + PADDING * 2;
    this.y = above - this.h - GAP;
    this.visible = true;
  }

  close(): void {
    this.visible = false;
  }

  get isOpen(): boolean {
    return this.visible;
  }

  override _getFocused(): Menu<string> {
    return this.Menu;
  }
}
