import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LOCALES } from '@lanxang/contracts';
import { Movie } from './movie.entity.js';
import { Person } from './person.entity.js';

export const CastCredit = defineEntity({
  name: 'CastCredit',
  tableName: 'movie_cast',
  indexes: [{ properties: ['movie', 'order'] }],
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).deleteRule('cascade'),
    // Restrict, not cascade: deleting a person who is in a film must be refused (409).
    person: () => p.manyToOne(Person).deleteRule('restrict').index(),
    order: p.integer().default(0),
    translations: () => p.oneToMany(CastCreditTranslation).mappedBy('credit').orphanRemoval(),
  },
});
export type ICastCredit = InferEntity<typeof CastCredit>;

export const CastCreditTranslation = defineEntity({
  name: 'CastCreditTranslation',
  tableName: 'movie_cast_translations',
  properties: {
    credit: () => p.manyToOne(CastCredit).primary().deleteRule('cascade'),
    locale: p.enum([...LOCALES]).primary(),
    character: p.string().length(300).default(''),
  },
});

export const CrewCredit = defineEntity({
  name: 'CrewCredit',
  tableName: 'movie_crew',
  indexes: [{ properties: ['movie', 'department'] }],
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).deleteRule('cascade'),
    person: () => p.manyToOne(Person).deleteRule('restrict').index(),
    department: p.string().length(100),
    translations: () => p.oneToMany(CrewCreditTranslation).mappedBy('credit').orphanRemoval(),
  },
});
export type ICrewCredit = InferEntity<typeof CrewCredit>;

export const CrewCreditTranslation = defineEntity({
  name: 'CrewCreditTranslation',
  tableName: 'movie_crew_translations',
  properties: {
    credit: () => p.manyToOne(CrewCredit).primary().deleteRule('cascade'),
    locale: p.enum([...LOCALES]).primary(),
    job: p.string().length(200).default(''),
  },
});
