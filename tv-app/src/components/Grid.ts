import { Lightning } from '@lightningjs/sdk';
import type { RowItem } from './Row';

interface GridTemplateSpec extends Lightning.Component.TemplateSpec {
  Items: object;
}

/**
 * Items in fixed columns that scroll vertically, for search results. Left off the first column
 * and Up off the first row return false so the page can move focus elsewhere.
 */
export class Grid
  extends Lightning.Component<GridTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<GridTemplateSpec>
{
  readonly Items = this.getByRef('Items')!;
  index = 0;
  columns = 3;
  cell = { w: 272, h: 420 };
  visibleRows = 2;
  onItemEnter?: (item: RowItem, index: number) => void;

  static override _template(): Lightning.Component.Template<GridTemplateSpec> {
    return { Items: {} };
  }

  get items(): RowItem[] {
    return this.Items.children as RowItem[];
  }

  setItems(configs: Array<Record<string, unknown>>): void {
    this.Items.children = configs.map((config, index) => ({
      ...config,
      x: (index % this.columns) * this.cell.w,
      y: Math.floor(index / this.columns) * this.cell.h,
    }));
    this.index = 0;
    this.Items.y = 0;
    this.reveal();
  }

  private get row(): number {
    return Math.floor(this.index / this.columns);
  }

  private move(index: number): void {
    this.index = index;
    const firstRow = Math.max(0, this.row - (this.visibleRows - 1));
    this.Items.setSmooth('y', -firstRow * this.cell.h, { duration: 0.25 });
    this.reveal();
    this._refocus();
  }

  private reveal(): void {
    const firstRow = Math.max(0, this.row - (this.visibleRows - 1));
    const from = firstRow * this.columns;
    const to = (firstRow + this.visibleRows + 1) * this.columns;
    this.items.slice(from, to).forEach((item) => item.reveal?.());
  }

  refreshText(): void {
    for (const item of this.items) item.refreshText?.();
  }

  override _handleLeft(): boolean {
    if (this.index % this.columns === 0) return false;
    this.move(this.index - 1);
    return true;
  }

  override _handleRight(): boolean {
    if (this.index % this.columns === this.columns - 1 || this.index >= this.items.length - 1)
      return true;
    this.move(this.index + 1);
    return true;
  }

  override _handleUp(): boolean {
    if (this.index < this.columns) return false;
    this.move(this.index - this.columns);
    return true;
  }

  override _handleDown(): boolean {
    if (this.index + this.columns >= this.items.length) {
      // Land on the last item when the row below is shorter than this one.
      if (this.row < Math.floor((this.items.length - 1) / this.columns))
        this.move(this.items.length - 1);
      return true;
    }
    this.move(this.index + this.columns);
    return true;
  }

  override _handleEnter(): void {
    const item = this.items[this.index];
    if (item) this.onItemEnter?.(item, this.index);
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.items[this.index];
  }
}
