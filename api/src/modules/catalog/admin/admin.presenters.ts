import type {
  AdminDashboard,
  LocalizedText,
  TranslationField,
  TranslationKind,
  TranslationQueue,
} from '@lanxang/contracts';
import type { IAuditEntry } from '../../audit/audit.entity.js';
import { toAuditEntryDto } from '../../audit/audit.presenters.js';

/** A record of the translation queue as `translation-queue.ts` reads it. */
export interface QueueRecordRow {
  kind: TranslationKind;
  id: number;
  status: 'draft' | 'published' | null;
  total: number;
  translated: number;
  names: LocalizedText | null;
}

/** One text of a queued record; `person_names` for a credit's person. */
export interface QueueFieldRow {
  kind: TranslationKind;
  record_id: number;
  name: string;
  kind_of_field: TranslationField['kind'];
  en: string;
  lo: string;
  person_id: number | null;
  person_names: LocalizedText | null;
}

export function toTranslationField(row: QueueFieldRow): TranslationField {
  return {
    name: row.name,
    kind: row.kind_of_field,
    en: row.en,
    lo: row.lo,
    person: row.person_id === null ? null : { id: row.person_id, name: row.person_names ?? {} },
  };
}

export function toTranslationQueueItem(
  row: QueueRecordRow,
  fields: TranslationField[],
): TranslationQueue['items'][number] {
  return {
    kind: row.kind,
    id: row.id,
    name: row.names ?? {},
    status: row.status,
    fields,
    progress: { translated: row.translated, total: row.total },
  };
}

export interface DashboardFilmRow {
  id: number;
  status: 'draft' | 'published';
  total: number;
  translated: number;
  titles: LocalizedText | null;
}

export function toDashboardFilm(row: DashboardFilmRow): AdminDashboard['leastTranslated'][number] {
  return {
    id: row.id,
    title: row.titles ?? {},
    status: row.status,
    progress: { translated: row.translated, total: row.total },
  };
}

/** An audit entry with the title of the film it is about, when it is about one that exists. */
export function toDashboardActivity(
  entry: IAuditEntry,
  movieTitles: ReadonlyMap<string, LocalizedText>,
): AdminDashboard['activity'][number] {
  return {
    ...toAuditEntryDto(entry),
    movieTitle: (entry.entityType === 'movie' && movieTitles.get(entry.entityId)) || null,
  };
}
