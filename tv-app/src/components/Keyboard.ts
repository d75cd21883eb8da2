import { Lightning } from '@lightningjs/sdk';
import { t } from '../lib/i18n';
import { colors, font, text } from '../lib/theme';

export type KeyboardLayout = 'latin' | 'lao';
export type KeyAction =
  { type: 'char'; value: string } | { type: 'space' | 'delete' | 'clear' | 'layout' };

const LAYOUTS: Record<KeyboardLayout, string[][]> = {
  latin: [
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    ['j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r'],
    ['s', 't', 'u', 'v', 'w', 'x', 'y', 'z', '-'],
    ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
  ],
  // Consonants in dictionary order, then vowels and tone marks, the way Lao children learn them.
  lao: [
    ['ກ', 'ຂ', 'ຄ', 'ງ', 'ຈ', 'ສ', 'ຊ', 'ຍ', 'ດ'],
    ['ຕ', 'ຖ', 'ທ', 'ນ', 'ບ', 'ປ', 'ຜ', 'ຝ', 'ພ'],
    ['ຟ', 'ມ', 'ຢ', 'ຣ', 'ລ', 'ວ', 'ຫ', 'ອ', 'ຮ'],
    ['ະ', 'າ', 'ິ', 'ີ', 'ຶ', 'ື', 'ຸ', 'ູ', 'ົ'],
    ['ເ', 'ແ', 'ໂ', 'ໃ', 'ໄ', 'ັ', 'ຳ', '່', '້'],
  ],
};

const ACTIONS: Array<{ type: 'space' | 'delete' | 'clear' | 'layout'; span: number }> = [
  { type: 'space', span: 3 },
  { type: 'delete', span: 2 },
  { type: 'clear', span: 2 },
  { type: 'layout', span: 2 },
];

const KEY = 84;
const GAP = 10;
const COLUMNS = 9;
/** Lao vowels and tone marks that sit above or below a consonant; shown on a dotted circle. */
const COMBINING = /^[\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECD]$/;

interface KeyTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Label: object;
}

class Key
  extends Lightning.Component<KeyTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<KeyTemplateSpec>
{
  readonly Background = this.getByRef('Background')!;
  readonly Label = this.getByRef('Label')!;
  action: KeyAction = { type: 'space' };

  static override _template(): Lightning.Component.Template<KeyTemplateSpec> {
    return {
      Background: {
        rect: true,
        color: colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 10 },
      },
      Label: { mount: 0.5, text: { ...text(font.body, { bold: true }), text: '' } },
    };
  }

  setup(action: KeyAction, label: string, width: number): void {
    this.action = action;
    this.w = width;
    this.h = KEY;
    this.Background.patch({ w: width, h: KEY });
    // +8: centred on the glyphs rather than on the tall line box kept for Lao marks.
    this.Label.patch({ x: width / 2, y: KEY / 2 + 8 });
    this.Label.text!.text = label;
    this.Label.text!.fontSize = label.length > 2 ? font.small : font.body;
  }

  override _focus(): void {
    this.Background.color = colors.accent;
    this.Label.text!.textColor = colors.accentText;
  }

  override _unfocus(): void {
    this.Background.color = colors.surfaceRaised;
    this.Label.text!.textColor = colors.text;
  }
}

interface KeyboardTemplateSpec extends Lightning.Component.TemplateSpec {
  Keys: object;
}

/**
 * An on-screen keyboard for the remote: a grid of characters in the current layout and a bottom
 * row of actions. Pressing a key calls `onKey`; Right off the last column calls `onExitRight`.
 */
export class Keyboard
  extends Lightning.Component<KeyboardTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<KeyboardTemplateSpec>
{
  readonly Keys = this.getByRef('Keys')!;
  layout: KeyboardLayout = 'latin';
  private grid: Key[][] = [];
  private row = 0;
  private column = 0;
  onKey?: (action: KeyAction) => void;
  onExitRight?: () => boolean;

  static override _template(): Lightning.Component.Template<KeyboardTemplateSpec> {
    return { Keys: {} };
  }

  static get width(): number {
    return COLUMNS * (KEY + GAP) - GAP;
  }

  override _init(): void {
    this.build();
  }

  setLayout(layout: KeyboardLayout): void {
    this.layout = layout;
    this.build();
  }

  /** Rebuilds keys (layout switch, or a language change that renames the action keys). */
  build(): void {
    const rows = LAYOUTS[this.layout];
    const configs: Array<{
      row: number;
      column: number;
      action: KeyAction;
      label: string;
      width: number;
    }> = [];
    rows.forEach((chars, row) =>
      chars.forEach((value, column) =>
        configs.push({
          row,
          column,
          action: { type: 'char', value },
          label: COMBINING.test(value) ? `\u25CC${value}` : value,
          width: KEY,
        }),
      ),
    );
    let column = 0;
    for (const { type, span } of ACTIONS) {
      // The toggle names the layout it switches to, in that layout's own script.
      const label =
        type === 'layout'
          ? this.layout === 'latin'
            ? 'ລາວ'
            : 'ABC'
          : t(`search.keyboard.${type}`);
      configs.push({
        row: rows.length,
        column,
        action: { type },
        label,
        width: span * (KEY + GAP) - GAP,
      });
      column += span;
    }
    this.Keys.children = configs.map(({ row, column: col }) => ({
      type: Key,
      x: col * (KEY + GAP),
      y: row * (KEY + GAP),
    }));
    const keys = this.Keys.children as Key[];
    this.grid = [];
    configs.forEach((config, index) => {
      const key = keys[index]!;
      key.setup(config.action, config.label, config.width);
      (this.grid[config.row] ??= []).push(key);
    });
    this.row = Math.min(this.row, this.grid.length - 1);
    this.column = Math.min(this.column, (this.grid[this.row]?.length ?? 1) - 1);
    this.h = this.grid.length * (KEY + GAP);
    this._refocus();
  }

  get position(): { row: number; column: number } {
    return { row: this.row, column: this.column };
  }

  /** Column positions differ on the action row; moving vertically keeps roughly the same x. */
  private moveVertical(delta: number): boolean {
    const next = this.row + delta;
    const target = this.grid[next];
    if (!target) return false;
    const x = this.grid[this.row]?.[this.column]?.x ?? 0;
    let best = 0;
    target.forEach((key, index) => {
      if (key.x <= x + 1) best = index;
    });
    this.row = next;
    this.column = best;
    this._refocus();
    return true;
  }

  override _handleUp(): boolean {
    return this.moveVertical(-1);
  }

  override _handleDown(): boolean {
    return this.moveVertical(1);
  }

  override _handleLeft(): boolean {
    if (this.column === 0) return false;
    this.column -= 1;
    this._refocus();
    return true;
  }

  override _handleRight(): boolean {
    const row = this.grid[this.row] ?? [];
    if (this.column >= row.length - 1) return this.onExitRight?.() ?? false;
    this.column += 1;
    this._refocus();
    return true;
  }

  override _handleEnter(): void {
    const key = this.grid[this.row]?.[this.column];
    if (!key) return;
    if (key.action.type === 'layout') {
      this.setLayout(this.layout === 'latin' ? 'lao' : 'latin');
    }
    this.onKey?.(key.action);
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.grid[this.row]?.[this.column];
  }
}
