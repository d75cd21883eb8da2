import type { Lightning } from '@lightningjs/sdk';
import type { ContinueWatchingEntry } from '@lanxang/contracts';
import { ProgressBar } from './ProgressBar';
import { Tile, TILE } from './Tile';

const BAR_MARGIN = 16;

/** A poster in Continue watching: the film's tile with how much of it has been watched. */
export class ContinueTile extends Tile {
  static override _template() {
    return {
      ...super._template(),
      Progress: {
        type: ProgressBar,
        x: BAR_MARGIN,
        y: TILE.h - BAR_MARGIN - 8,
        w: TILE.w - BAR_MARGIN * 2,
        zIndex: 2,
      },
    } as Lightning.Component.Template<Lightning.Component.TemplateSpecLoose>;
  }

  private _entry?: ContinueWatchingEntry;

  set entry(entry: ContinueWatchingEntry) {
    this._entry = entry;
    this.movie = entry.movie;
    (this.tag('Progress' as never) as unknown as ProgressBar).fraction = entry.fraction;
  }

  get entry(): ContinueWatchingEntry {
    if (!this._entry) throw new Error('ContinueTile without an entry');
    return this._entry;
  }
}
