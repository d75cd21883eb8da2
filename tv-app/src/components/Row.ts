import { Lightning } from '@lightningjs/sdk';
import { colors, font, SCREEN, text } from '../lib/theme';

/** What a row needs from its items: a size to lay them out and, optionally, lazy images. */
export interface RowItem extends Lightning.Component {
  reveal?(): void;
  refreshText?(): void;
}

interface RowTemplateSpec extends Lightning.Component.TemplateSpec {
  title: string;
  Title: object;
  Items: object;
}

export interface RowOptions {
  itemWidth: number;
  itemHeight: number;
  gap: number;
}

/** How many items of a row fit on screen from its start (the first one's left edge). */
export function itemsAcross({ itemWidth, gap }: Pick<RowOptions, 'itemWidth' | 'gap'>): number {
  return Math.ceil((SCREEN.w - SCREEN.marginX) / (itemWidth + gap));
}

const TITLE_HEIGHT = 64;
/** Posters this many tiles beyond the visible edge are fetched ahead, so scrolling finds them drawn. */
const PRELOAD_AHEAD = 2;
/** Items exist this many beyond the preloaded ones; the rest are created as focus comes near. */
const CREATE_AHEAD = 2;

/**
 * A titled, horizontally scrolling row. The focused item stays in view, the row scrolls only when
 * focus would leave the screen, and only items near the viewport load their images.
 */
export class Row
  extends Lightning.Component<RowTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<RowTemplateSpec>
{
  readonly Title = this.getByRef('Title')!;
  readonly Items = this.getByRef('Items')!;
  index = 0;
  options: RowOptions = { itemWidth: 240, itemHeight: 360, gap: 32 };
  /**
   * A deferred row keeps its items as configs until `build()`, and drops them again on
   * `release()`: a page of many rows builds only those near the screen.
   */
  deferred = false;
  private configs: Array<Record<string, unknown>> = [];
  private built = false;
  /** The index the last scroll wanted items created up to (more may arrive: `appendItems`). */
  private wantedEnd = 0;
  onItemFocus?: (item: RowItem, index: number) => void;
  onItemEnter?: (item: RowItem, index: number) => void;

  static override _template(): Lightning.Component.Template<RowTemplateSpec> {
    return {
      Title: {
        x: SCREEN.marginX,
        text: { ...text(font.heading - 8, { bold: true, color: colors.textDim }), text: '' },
      },
      Items: { x: SCREEN.marginX, y: TITLE_HEIGHT + 16 },
    };
  }

  set title(value: string) {
    this.Title.text!.text = value;
  }

  get rowHeight(): number {
    return TITLE_HEIGHT + 16 + this.options.itemHeight + 40;
  }

  get items(): RowItem[] {
    return this.Items.children as RowItem[];
  }

  get focusedItem(): RowItem | undefined {
    return this.items[this.index];
  }

  /** Replaces the items; each config is a Lightning component patch with its `type`. */
  setItems(configs: Array<Record<string, unknown>>, options?: Partial<RowOptions>): void {
    this.options = { ...this.options, ...options };
    this.configs = configs;
    this.h = this.rowHeight;
    this.index = Math.min(this.index, Math.max(0, configs.length - 1));
    if (this.built || !this.deferred) {
      this.built = false;
      this.build();
    }
  }

  /** Adds items after the last (a row's further cards, fetched as focus nears its end). */
  appendItems(configs: Array<Record<string, unknown>>): void {
    this.configs = [...this.configs, ...configs];
    // Those the last scroll wanted but the row did not have yet are created now.
    if (this.built) this.createUpTo(this.wantedEnd);
  }

  /**
   * Creates the items up to a little past the screen's right edge (once); focus and scroll
   * position are where the row last had them. A row of 40 starts with about a dozen: the others
   * are created as focus moves towards them (`scrollTo`). `reveal: false` leaves their posters
   * unrequested until `revealVisible()`.
   */
  build(reveal = true): void {
    if (this.built) return;
    this.built = true;
    this.Items.children = [];
    this.scrollTo(this.index, false, reveal);
  }

  /** Creates the items before `end` (an index) not created yet, in order. */
  private createUpTo(end: number): void {
    const stride = this.options.itemWidth + this.options.gap;
    const last = Math.min(end, this.configs.length);
    for (let index = this.items.length; index < last; index++)
      this.Items.childList.a({ ...this.configs[index], x: index * stride });
  }

  /** Drops a deferred row's items, and with them their textures, until it is built again. */
  release(): void {
    if (!this.built || !this.deferred) return;
    this.built = false;
    this.Items.children = [];
  }

  /** The items on screen at the row's current scroll position. */
  visibleItems(): RowItem[] {
    const stride = this.options.itemWidth + this.options.gap;
    const first = Math.max(0, Math.floor((SCREEN.marginX - this.Items.x) / stride));
    return this.items.slice(first, first + itemsAcross(this.options));
  }

  select(index: number): void {
    this.index = Math.max(0, Math.min(index, this.configs.length - 1));
    this.scrollTo(this.index, true);
    this._refocus();
  }

  revealVisible(): void {
    const stride = this.options.itemWidth + this.options.gap;
    const firstVisible = Math.floor(-this.Items.x / stride);
    const last = firstVisible + itemsAcross(this.options) + PRELOAD_AHEAD;
    this.items.forEach((item, index) => {
      if (index >= firstVisible - 1 && index <= last) item.reveal?.();
    });
  }

  refreshText(): void {
    for (const item of this.items) item.refreshText?.();
  }

  private scrollTo(index: number, animate: boolean, reveal = true): void {
    const stride = this.options.itemWidth + this.options.gap;
    const visibleCount = Math.floor((SCREEN.w - SCREEN.marginX * 2) / stride);
    // Keep focus at most two items from the right edge, and never scroll past the last item.
    const maxFirst = Math.max(0, this.configs.length - visibleCount);
    const first = Math.max(0, Math.min(index - (visibleCount - 2), maxFirst));
    const onScreen = Math.ceil((SCREEN.w - SCREEN.marginX) / stride);
    this.wantedEnd = first + onScreen + PRELOAD_AHEAD + CREATE_AHEAD + 1;
    this.createUpTo(this.wantedEnd);
    const x = SCREEN.marginX - first * stride;
    if (animate) this.Items.setSmooth('x', x, { duration: 0.25 });
    else this.Items.x = x;
    // Reveal against the destination, not the mid-animation position.
    const current = this.Items.x;
    this.Items.x = x;
    if (reveal) this.revealVisible();
    if (animate) this.Items.x = current;
  }

  override _handleLeft(): boolean | void {
    if (this.index === 0) return false;
    this.select(this.index - 1);
  }

  override _handleRight(): boolean | void {
    if (this.index >= this.configs.length - 1) return false;
    this.select(this.index + 1);
  }

  override _handleEnter(): boolean | void {
    const item = this.focusedItem;
    if (!item || !this.onItemEnter) return false;
    this.onItemEnter(item, this.index);
  }

  override _focus(): void {
    this.Title.text!.textColor = colors.text;
    this.revealVisible();
    this.notifyFocus();
  }

  override _unfocus(): void {
    this.Title.text!.textColor = colors.textDim;
  }

  override _focusChange(): void {
    this.notifyFocus();
  }

  private notifyFocus(): void {
    const item = this.focusedItem;
    if (item && this.onItemFocus) this.onItemFocus(item, this.index);
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.focusedItem;
  }
}
