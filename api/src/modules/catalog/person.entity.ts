import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LOCALES } from '@lanxang/contracts';
import { Image } from './image.entity.js';

export const Person = defineEntity({
  name: 'Person',
  tableName: 'people',
  properties: {
    id: p.integer().primary(),
    tmdbId: p.integer().nullable().unique(),
    birthday: p.string().columnType('date').nullable(),
    placeOfBirth: p.string().length(300).nullable(),
    popularity: p.double().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    translations: () => p.oneToMany(PersonTranslation).mappedBy('person').orphanRemoval(),
    images: () => p.oneToMany(Image).mappedBy('person').orphanRemoval(),
  },
});
export type IPerson = InferEntity<typeof Person>;

export const PersonTranslation = defineEntity({
  name: 'PersonTranslation',
  tableName: 'people_translations',
  properties: {
    person: () => p.manyToOne(Person).primary().deleteRule('cascade'),
    locale: p.enum([...LOCALES]).primary(),
    name: p.string().length(200).default(''),
    biography: p.text().default(''),
    editedAt: p.datetime().nullable(),
  },
});
