import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from './audit.js';

/** Who is writing, for the audit log. */
export interface WriteContext {
  actor: string;
  requestId: string;
}

type Snapshot = Record<string, unknown>;

export interface AuditedWrite<Subject, Existing extends Subject | null> {
  /** The audit action; a function when it depends on whether the record existed before. */
  action: string | ((existing: Existing) => string);
  entityType: string;
  /** The record before the change (null when there is none yet); omitted for a plain create. */
  load?: (tx: EntityManager) => Promise<Existing>;
  /** Makes the change; returns the record as it is now, or null when the change deleted it. */
  change: (tx: EntityManager, existing: Existing) => Promise<Subject | null>;
  /** What the audit keeps of the record, before and after. */
  snapshot: (record: Subject) => Snapshot;
  entityId: (record: Subject) => string | number;
  /** Facts about the write itself, added to the `after` snapshot (e.g. its source). */
  note?: Snapshot;
}

/**
 * Runs one write in its own transaction with its audit entry: load, snapshot before, change,
 * snapshot after, record. A failure anywhere rolls back the change and its entry together.
 */
export function audited<Subject, Existing extends Subject | null = null>(
  em: EntityManager,
  who: WriteContext,
  write: AuditedWrite<Subject, Existing>,
): Promise<Subject> {
  return em.transactional(async (tx) => {
    const existing = (write.load ? await write.load(tx) : null) as Existing;
    const before = existing ? write.snapshot(existing) : null;
    const result = await write.change(tx, existing);
    // The after snapshot needs ids of rows the change created.
    await tx.flush();
    const subject = result ?? existing;
    if (!subject) throw new Error(`audited ${write.entityType} write left nothing to record`);
    recordAudit(tx, {
      ...who,
      action: typeof write.action === 'string' ? write.action : write.action(existing),
      entityType: write.entityType,
      entityId: write.entityId(subject),
      before,
      after: result ? { ...write.snapshot(result), ...write.note } : null,
    });
    return subject;
  });
}

/** How one kind of record is found and what the audit keeps of it. */
export interface AuditedKind<Subject> {
  entityType: string;
  snapshot: (record: Subject) => Snapshot;
  entityId: (record: Subject) => string | number;
  /** Finds the record by id, or throws `notFound`. */
  load: (tx: EntityManager, id: number) => Promise<Subject>;
}

/** The audited create, update and delete of one kind of record. */
export function auditedRecords<Subject>(em: EntityManager, kind: AuditedKind<Subject>) {
  const { load, ...audit } = kind;
  const onExisting = (
    who: WriteContext,
    action: string,
    id: number,
    run: (tx: EntityManager, record: Subject) => unknown,
    { removes }: { removes: boolean },
  ) =>
    audited(em, who, {
      ...audit,
      action,
      load: (tx) => load(tx, id),
      change: async (tx, record) => {
        await run(tx, record);
        return removes ? null : record;
      },
    });
  return {
    create: (who: WriteContext, action: string, make: (tx: EntityManager) => Promise<Subject>) =>
      audited<Subject>(em, who, { ...audit, action, change: make }),

    update: (
      who: WriteContext,
      action: string,
      id: number,
      change: (tx: EntityManager, record: Subject) => unknown,
    ) => onExisting(who, action, id, change, { removes: false }),

    /** Removes the record; `remove` may refuse by throwing, or delete it its own way. */
    delete: (
      who: WriteContext,
      action: string,
      id: number,
      remove: (tx: EntityManager, record: Subject) => unknown = (tx, record) =>
        tx.remove(record as object),
    ) => onExisting(who, action, id, remove, { removes: true }),
  };
}

/**
 * The audited create and update of a record whose fields all come from one input: create starts
 * from `blank`, and both run `write` (actions `<entityType>.create` and `<entityType>.update`).
 */
export function inputWrites<Subject extends { id: number }, Update, Create extends Update>(
  em: EntityManager,
  kind: AuditedKind<Subject>,
  {
    blank,
    write,
  }: {
    blank: (tx: EntityManager) => Subject;
    write: (tx: EntityManager, record: Subject, input: Update) => void;
  },
) {
  const records = auditedRecords(em, kind);
  return {
    records,
    async create(input: Create, who: WriteContext): Promise<number> {
      const record = await records.create(who, `${kind.entityType}.create`, async (tx) => {
        const made = blank(tx);
        write(tx, made, input);
        return made;
      });
      return record.id;
    },
    async update(id: number, input: Update, who: WriteContext): Promise<void> {
      await records.update(who, `${kind.entityType}.update`, id, (tx, record) =>
        write(tx, record, input),
      );
    },
  };
}
