import { EntityRepository, type EntityManager } from '@mikro-orm/postgresql';
import { Person, type IPerson } from './person.entity.js';

/** Queries that belong to people as records. */
export class PersonRepository extends EntityRepository<IPerson> {
  /** The films the person is credited in (cast or crew), with their English title. */
  creditedFilms(personId: number): Promise<{ id: number; title: string }[]> {
    return this.getEntityManager()
      .getConnection()
      .execute<{ id: number; title: string }[]>(
        `select distinct m.id, coalesce(nullif(t.title, ''), m.original_title) as title
         from movies m left join movie_translations t on t.movie_id = m.id and t.locale = 'en'
         where m.id in (select movie_id from movie_cast where person_id = ? union select movie_id from movie_crew where person_id = ?)
         order by m.id`,
        [personId, personId],
      );
  }
}

/**
 * The people repository on `em` (a transaction's, or the request's). Built here rather than named
 * on the entity, so the entity file does not import its repository (no import cycle).
 */
export const personRepository = (em: EntityManager) => new PersonRepository(em, Person);
