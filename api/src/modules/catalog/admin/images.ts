import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImageKind, ImageUpdateSchema, Locale } from '@lanxang/contracts';
import type { z } from 'zod';
import { notFound } from '../../../http/errors.js';
import { auditedRecords, type WriteContext } from '../../audit/audited.js';
import { Image, type IImage } from '../image.entity.js';
import { Movie } from '../movie.entity.js';
import { Person } from '../person.entity.js';

/** The admin's writes to the images of films and people. */
export function imageAdmin(em: EntityManager) {
  const images = auditedRecords<IImage>(em, {
    entityType: 'image',
    snapshot: snapshotImage,
    entityId: (image: IImage) => image.id,
    load: async (tx, id) => {
      const image = await tx.findOne(Image, id);
      if (!image) throw notFound('That image');
      return image;
    },
  });

  return {
    async deleteImage(id: number, who: WriteContext): Promise<void> {
      await images.delete(who, 'image.delete', id);
    },

    /**
     * Adds a stored image to a film or person as the primary one of its kind (position 0; the
     * others move down one).
     */
    async addImage(
      owner: { movieId?: number; personId?: number },
      image: {
        kind: ImageKind;
        locale: Locale | null;
        storageKey: string;
        width: number;
        height: number;
      },
      who: WriteContext,
    ): Promise<number> {
      const row = await images.create(who, 'image.add', async (tx) => {
        const movie = owner.movieId ? await tx.findOne(Movie, owner.movieId) : null;
        const person = owner.personId ? await tx.findOne(Person, owner.personId) : null;
        if (owner.movieId && !movie) throw notFound('That film');
        if (owner.personId && !person) throw notFound('That person');
        await tx.nativeUpdate(
          Image,
          { kind: image.kind, ...(movie ? { movie } : { person }) },
          { position: raw('position + 1') },
        );
        return tx.create(Image, { ...image, movie, person, position: 0 });
      });
      return row.id;
    },

    async updateImage(
      id: number,
      input: z.output<typeof ImageUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await images.update(who, 'image.update', id, (_tx, row) => {
        if (input.position !== undefined) row.position = input.position;
        if (input.locale !== undefined) row.locale = input.locale;
      });
    },
  };
}

function snapshotImage(image: IImage) {
  return {
    kind: image.kind,
    movieId: image.movie?.id ?? null,
    personId: image.person?.id ?? null,
    storageKey: image.storageKey,
    locale: image.locale ?? null,
    position: image.position,
    width: image.width,
    height: image.height,
  };
}
