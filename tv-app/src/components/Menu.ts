import { Lightning } from '@lightningjs/sdk';
import { colors, font, text } from '../lib/theme';

interface MenuItemTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Check: object;
  Label: object;
}

export interface MenuOption<T> {
  value: T;
  label: string;
}

export class MenuItem
  extends Lightning.Component<MenuItemTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<MenuItemTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Check = this.getByRef('Check')!;
  readonly Label = this.getByRef('Label')!;

  static override _template(): Lightning.Component.Template<MenuItemTemplateSpec> {
    return {
      h: 72,
      Background: {
        h: 72,
        rect: true,
        color: 0x00000000,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
      },
      Check: {
        x: 24,
        y: 36,
        w: 14,
        h: 14,
        mountY: 0.5,
        rect: true,
        color: colors.accent,
        alpha: 0,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 7 },
      },
      Label: { x: 56, y: 38, mountY: 0.5, text: { ...text(font.body), text: '' } },
    };
  }

  setup(label: string, width: number, selected: boolean): void {
    this.w = width;
    this.Background.w = width;
    this.Label.text!.text = label;
    this.Check.alpha = selected ? 1 : 0;
  }

  override _focus(): void {
    this.Background.color = colors.accent;
    this.Label.text!.textColor = colors.accentText;
    this.Check.color = colors.accentText;
  }

  override _unfocus(): void {
    this.Background.color = 0x00000000;
    this.Label.text!.textColor = colors.text;
    this.Check.color = colors.accent;
  }
}

interface MenuTemplateSpec extends Lightning.Component.TemplateSpec {
  Items: object;
}

/** A vertical list of options with the current one marked, as settings and player menus need. */
export class Menu<T = string>
  extends Lightning.Component<MenuTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<MenuTemplateSpec>
{
  readonly Items = this.getByRef('Items')!;
  index = 0;
  options: Array<MenuOption<T>> = [];
  onSelect?: (value: T, index: number) => void;
  onFocusOption?: (value: T, index: number) => void;

  static override _template(): Lightning.Component.Template<MenuTemplateSpec> {
    return { Items: {} };
  }

  setOptions(options: Array<MenuOption<T>>, selected: T | undefined, width = 520): void {
    this.options = options;
    this.Items.children = options.map((_, index) => ({ type: MenuItem, y: index * 80 }));
    const items = this.Items.children as MenuItem[];
    options.forEach((option, index) =>
      items[index]!.setup(option.label, width, option.value === selected),
    );
    const selectedIndex = options.findIndex((option) => option.value === selected);
    this.index = Math.max(0, Math.min(this.index, options.length - 1));
    if (selectedIndex >= 0) this.index = selectedIndex;
    this.w = width;
    this.h = options.length * 80;
    this._refocus();
  }

  override _handleUp(): boolean {
    if (this.index === 0) return false;
    this.index -= 1;
    this.focusChanged();
    return true;
  }

  override _handleDown(): boolean {
    if (this.index >= this.options.length - 1) return false;
    this.index += 1;
    this.focusChanged();
    return true;
  }

  private focusChanged(): void {
    this._refocus();
    const option = this.options[this.index];
    if (option) this.onFocusOption?.(option.value, this.index);
  }

  override _handleEnter(): void {
    const option = this.options[this.index];
    if (option) this.onSelect?.(option.value, this.index);
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.Items.children[this.index] as MenuItem | undefined;
  }
}
