import type { Home, MovieSummary } from '@lanxang/contracts';
import { getHomeRow } from './catalog';

/** A catalog row of Home: its first cards (maybe none yet) and where the next ones start. */
export type CatalogRow = Home['rows'][number];

/**
 * Fetches the further cards of Home's catalog rows, one request per row at a time. A row's
 * `items` and `next` grow in place, so Home drawn again from the same data keeps them.
 */
export class HomeRowPages {
  private readonly loading = new Set<string>();

  /** The cards added to `row`; none when it has no more, is already loading, or the fetch failed. */
  async more(row: CatalogRow): Promise<MovieSummary[]> {
    const cursor = row.next;
    if (!cursor || this.loading.has(row.id)) return [];
    this.loading.add(row.id);
    try {
      const page = await getHomeRow(row.id, cursor);
      row.items.push(...page.items);
      row.next = page.next;
      return page.items;
    } catch {
      // The row keeps its cursor: coming near it again retries.
      return [];
    } finally {
      this.loading.delete(row.id);
    }
  }
}
