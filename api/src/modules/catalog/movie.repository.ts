import { EntityRepository, type EntityManager } from '@mikro-orm/postgresql';
import { Movie, type IMovie } from './movie.entity.js';

/** Queries that belong to films as records. */
export class MovieRepository extends EntityRepository<IMovie> {
  /** A URL slug from an English title, made unique by a numeric suffix when taken. */
  async uniqueSlug(title: string): Promise<string> {
    const base =
      title
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 100)
        .replace(/-+$/, '') || 'film';
    const taken = new Set(
      (await this.find({ slug: { $like: `${base}%` } }, { fields: ['slug'] })).map(
        (movie) => movie.slug,
      ),
    );
    if (!taken.has(base)) return base;
    for (let suffix = 2; ; suffix++)
      if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }
}

/**
 * The films repository on `em` (a transaction's, or the request's). Built here rather than named
 * on the entity, so the entity file does not import its repository (no import cycle).
 */
export const movieRepository = (em: EntityManager) => new MovieRepository(em, Movie);
