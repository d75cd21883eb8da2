import type { EntityManager } from '@mikro-orm/postgresql';
import type { PersonCreateSchema, PersonUpdateSchema } from '@lanxang/contracts';
import type { z } from 'zod';
import { conflictWith, found } from '../../../http/errors.js';
import { inputWrites, type WriteContext } from '../../audit/audited.js';
import { deleteWithStoredFiles, filesOfPerson, type FileRemoval } from '../../media/cleanup.js';
import { personRepository } from '../person.repository.js';
import { Person, PersonTranslation, type IPerson } from '../person.entity.js';
import { mergeTranslations, snapshotTranslations } from '../translations.js';

/** The admin's writes to people. */
export function personAdmin(em: EntityManager, files: FileRemoval) {
  const people = inputWrites<
    IPerson,
    z.output<typeof PersonUpdateSchema>,
    z.output<typeof PersonCreateSchema>
  >(
    em,
    {
      entityType: 'person',
      snapshot: snapshotPerson,
      entityId: (person: IPerson) => person.id,
      load: async (tx, id) =>
        found(await tx.findOne(Person, id, { populate: ['translations'] }), 'That person'),
    },
    {
      blank: (tx) => tx.create(Person, { tmdbId: null, birthday: null, placeOfBirth: null }),
      write: (tx, person, input) => {
        if (input.tmdbId !== undefined) person.tmdbId = input.tmdbId;
        if (input.birthday !== undefined) person.birthday = input.birthday;
        if (input.placeOfBirth !== undefined) person.placeOfBirth = input.placeOfBirth;
        mergeTranslations(
          person.translations,
          { name: input.name, biography: input.biography },
          (locale) => tx.create(PersonTranslation, { person, locale }),
          { markEdited: true },
        );
      },
    },
  );

  return {
    createPerson: people.create,
    updatePerson: people.update,

    /**
     * Refused (409, naming the films) while the person is credited anywhere; once deleted, their
     * pictures' files go too.
     */
    async deletePerson(id: number, who: WriteContext): Promise<void> {
      await deleteWithStoredFiles(files, filesOfPerson(em, id), () =>
        people.records.delete(who, 'person.delete', id, async (tx, person) => {
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
