import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImageKind, ImageUpdateSchema, Locale } from '@lanxang/contracts';
import type { z } from 'zod';
import { found, notFound, unprocessable } from '../../../http/errors.js';
import { auditedRecords, type WriteContext } from '../../audit/audited.js';
import { deleteWithStoredFiles, filesOfImage, type FileRemoval } from '../../media/cleanup.js';
import {
  imageDimensions,
  storeImageSizes,
  type ImageSize,
  type ImageTarget,
} from '../../media/images.js';
import type { ReceivedUpload } from '../../media/upload.js';
import { Image, type IImage } from '../image.entity.js';
import { Movie } from '../movie.entity.js';
import { Person } from '../person.entity.js';

/** The admin's writes to the images of films and people. */
export function imageAdmin(em: EntityManager, files: FileRemoval & { images: ImageTarget }) {
  const images = auditedRecords<IImage>(em, {
    entityType: 'image',
    snapshot: snapshotImage,
    entityId: (image: IImage) => image.id,
    load: async (tx, id) => found(await tx.findOne(Image, id), 'That image'),
  });

  /**
   * Adds a stored image to a film or person as the primary one of its kind (position 0; the
   * others move down one).
   */
  const addImage = async (
    owner: { movieId?: number | undefined; personId?: number | undefined },
    image: { kind: ImageKind; locale: Locale | null; storageKey: string } & ImageSize,
    who: WriteContext,
  ): Promise<number> => {
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
  };

  return {
    /** Deletes the image row, then its stored sizes (unless another row shares them). */
    async deleteImage(id: number, who: WriteContext): Promise<void> {
      await deleteWithStoredFiles(files, filesOfImage(em, id), () =>
        images.delete(who, 'image.delete', id),
      );
    },

    /**
     * Stores an uploaded picture at every size and adds it to its film or person. The upload's
     * file is removed whatever happens; the stored sizes too when the picture is refused.
     */
    async uploadImage(
      upload: ReceivedUpload,
      input: {
        kind: ImageKind;
        locale?: Locale | undefined;
        movieId?: number | undefined;
        personId?: number | undefined;
      },
      who: WriteContext,
    ): Promise<number> {
      const storageKey = `images/uploads/${randomUUID()}`;
      try {
        await imageDimensions(upload.file).catch(() => {
          throw unprocessable(
            'The file is not a picture: upload a JPEG, PNG or WebP.',
            'not_an_image',
          );
        });
        const size = await storeImageSizes(files.images, upload.file, input.kind, storageKey);
        return await addImage(
          { movieId: input.movieId, personId: input.personId },
          { kind: input.kind, locale: input.locale ?? null, storageKey, ...size },
          who,
        );
      } catch (error) {
        await files.storage.deletePrefix(storageKey);
        throw error;
      } finally {
        await rm(upload.file, { force: true });
      }
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
