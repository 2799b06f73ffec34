import { diffFields } from '../audit/audit-actions';
import type { AuditRecord } from '../audit/audit.service';
import { targetOf } from './declaration-mapper';
import type { Indicator } from './indicator.entity';

/**
 * What an indicator's audit events record, field by field: replaying the `changes` of its
 * history from nothing gives these fields of the indicator as it is now.
 */
export const INDICATOR_AUDITED = [
  'level1',
  'level2',
  'costType',
  'name',
  'target',
  'weight',
  'position',
  'libraryEntryId',
];

export function auditedIndicator(i: Indicator): Record<string, unknown> {
  return {
    level1: i.level1,
    level2: i.level2,
    costType: i.costType,
    name: i.name,
    target: targetOf(i),
    weight: i.weight,
    position: i.position,
    libraryEntryId: i.libraryEntryId ?? null,
  };
}

/** An indicator's event without the declaration and state, which the writer adds. */
export type IndicatorRecord = Omit<AuditRecord, 'declarationId' | 'state'>;

export function indicatorCreated(i: Indicator, comment: string | null): IndicatorRecord {
  return {
    action: 'indicator.created',
    entityType: 'indicator',
    entityId: i.id,
    indicatorId: i.id,
    comment,
    changes: diffFields(null, auditedIndicator(i), INDICATOR_AUDITED),
  };
}

export function indicatorDeleted(i: Indicator, comment: string | null): IndicatorRecord {
  return {
    action: 'indicator.deleted',
    entityType: 'indicator',
    entityId: i.id,
    indicatorId: i.id,
    comment,
    changes: diffFields(auditedIndicator(i), null, INDICATOR_AUDITED),
  };
}

export function indicatorUpdated(
  before: Indicator,
  after: Indicator,
  comment: string | null,
): IndicatorRecord {
  return {
    action: 'indicator.updated',
    entityType: 'indicator',
    entityId: after.id,
    indicatorId: after.id,
    comment,
    changes: diffFields(auditedIndicator(before), auditedIndicator(after), INDICATOR_AUDITED),
  };
}

/**
 * The events that take the indicators `before` to `after`, matched by id: one per indicator
 * created, removed, or changed in an audited field; an indicator that ends as it was gets none.
 * In the order of `after`, then the removed ones in the order of `before`.
 */
export function indicatorEventsBetween(
  before: Indicator[],
  after: Indicator[],
  comment: string | null,
): IndicatorRecord[] {
  const was = new Map(before.map((i) => [i.id, i]));
  const stays = new Set(after.map((i) => i.id));
  const out: IndicatorRecord[] = [];
  for (const i of after) {
    const old = was.get(i.id);
    if (!old) out.push(indicatorCreated(i, comment));
    else {
      const updated = indicatorUpdated(old, i, comment);
      if (updated.changes!.length) out.push(updated);
    }
  }
  for (const i of before) if (!stays.has(i.id)) out.push(indicatorDeleted(i, comment));
  return out;
}
