import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeaturedInputSchema } from '@lanxang/contracts';
import type { z } from 'zod';
import { validationFailed } from '../../../http/errors.js';
import { audited, type WriteContext } from '../../audit/audited.js';
import { FeaturedItem, type IFeaturedItem } from '../featured.entity.js';
import { Image } from '../image.entity.js';
import { Movie } from '../movie.entity.js';

/** The admin's curation of the home page: the featured films, in order. */
export function featuredAdmin(em: EntityManager) {
  return {
    async listFeatured() {
      const items = await em.find(FeaturedItem, {}, { orderBy: { position: 'asc', id: 'asc' } });
      return items.map(toFeaturedOutput);
    },

    async setFeatured(input: z.output<typeof FeaturedInputSchema>, who: WriteContext) {
      const items = await audited(em, who, {
        action: 'featured.set',
        entityType: 'featured',
        entityId: () => 'home',
        snapshot: (list: IFeaturedItem[]) => ({ items: list.map(toFeaturedOutput) }),
        load: (tx) => tx.find(FeaturedItem, {}, { orderBy: { position: 'asc' } }),
        change: async (tx) => {
          const movieIds = [...new Set(input.map((item) => item.movieId))];
          const movies = new Map(
            (await tx.find(Movie, { id: { $in: movieIds } })).map((movie) => [movie.id, movie]),
          );
          const imageIds = input.flatMap((item) => (item.imageId ? [item.imageId] : []));
          const images = new Map(
            (await tx.find(Image, { id: { $in: imageIds } })).map((image) => [image.id, image]),
          );
          const problems = input.flatMap((item, index) => [
            ...(movies.has(item.movieId)
              ? []
              : [
                  {
                    field: `body.${index}.movieId`,
                    message: `has no film ${item.movieId}`,
                    code: 'unknown_id',
                  },
                ]),
            ...(item.imageId && !images.has(item.imageId)
              ? [
                  {
                    field: `body.${index}.imageId`,
                    message: `has no image ${item.imageId}`,
                    code: 'unknown_id',
                  },
                ]
              : []),
          ]);
          if (problems.length) throw validationFailed(problems);
          await tx.nativeDelete(FeaturedItem, {});
          return input.map((item, position) =>
            tx.create(FeaturedItem, {
              movie: movies.get(item.movieId)!,
              position,
              image: item.imageId ? images.get(item.imageId)! : null,
              visibleFrom: item.visibleFrom ? new Date(item.visibleFrom) : null,
              visibleUntil: item.visibleUntil ? new Date(item.visibleUntil) : null,
            }),
          );
        },
      });
      return items.map(toFeaturedOutput);
    },
  };
}

function toFeaturedOutput(item: {
  id: number;
  movie: { id: number };
  position: number;
  image?: { id: number } | null;
  visibleFrom?: Date | null;
  visibleUntil?: Date | null;
}) {
  return {
    id: item.id,
    movieId: item.movie.id,
    position: item.position,
    imageId: item.image?.id ?? null,
    visibleFrom: item.visibleFrom?.toISOString() ?? null,
    visibleUntil: item.visibleUntil?.toISOString() ?? null,
  };
}
