import type { EntityManager } from '@mikro-orm/postgresql';
import type { PersonCreateSchema, PersonUpdateSchema } from '@lanxang/contracts';
import type { z } from 'zod';
import { conflictWith, notFound } from '../../../http/errors.js';
import { auditedRecords, type WriteContext } from '../../audit/audited.js';
import { deleteWithStoredFiles, filesOfPerson, type FileRemoval } from '../../media/cleanup.js';
import { personRepository } from '../person.repository.js';
import { Person, PersonTranslation, type IPerson } from '../person.entity.js';
import { mergeTranslations, snapshotTranslations } from '../translations.js';

/** The admin's writes to people. */
export function personAdmin(em: EntityManager, files: FileRemoval) {
  const people = auditedRecords<IPerson>(em, {
    entityType: 'person',
    snapshot: snapshotPerson,
    entityId: (person: IPerson) => person.id,
    load: async (tx, id) => {
      const person = await tx.findOne(Person, id, { populate: ['translations'] });
      if (!person) throw notFound('That person');
      return person;
    },
  });
  const write = (
    tx: EntityManager,
    person: IPerson,
    input: z.output<typeof PersonUpdateSchema>,
  ) => {
    if (input.tmdbId !== undefined) person.tmdbId = input.tmdbId;
    if (input.birthday !== undefined) person.birthday = input.birthday;
    if (input.placeOfBirth !== undefined) person.placeOfBirth = input.placeOfBirth;
    mergeTranslations(
      person.translations,
      { name: input.name, biography: input.biography },
      (locale) => tx.create(PersonTranslation, { person, locale }),
      { markEdited: true },
    );
    return person;
  };

  return {
    async createPerson(input: z.output<typeof PersonCreateSchema>, who: WriteContext) {
      const person = await people.create(who, 'person.create', async (tx) =>
        write(tx, tx.create(Person, { tmdbId: null, birthday: null, placeOfBirth: null }), input),
      );
      return person.id;
    },

    async updatePerson(
      id: number,
      input: z.output<typeof PersonUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await people.update(who, 'person.update', id, (tx, person) => write(tx, person, input));
    },

    /**
     * Refused (409, naming the films) while the person is credited anywhere; once deleted, their
     * pictures' files go too.
     */
    async deletePerson(id: number, who: WriteContext): Promise<void> {
      await deleteWithStoredFiles(files, filesOfPerson(em, id), () =>
        people.delete(who, 'person.delete', id, async (tx, person) => {
          const films = await personRepository(tx).creditedFilms(id);
          if (films.length) {
            throw conflictWith(
              `This person is credited in ${films.length} film${films.length > 1 ? 's' : ''}; remove those credits first.`,
              films.map((film) => ({ kind: 'movie', id: film.id, label: film.title })),
            );
          }
          tx.remove(person);
        }),
      );
    },
  };
}

function snapshotPerson(person: IPerson) {
  return {
    tmdbId: person.tmdbId,
    birthday: person.birthday,
    placeOfBirth: person.placeOfBirth,
    ...snapshotTranslations(person.translations, ['name', 'biography']),
  };
}
