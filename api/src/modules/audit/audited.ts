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
