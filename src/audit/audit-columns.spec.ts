import { describe, expect, it } from '@jest/globals';
import { getMetadataArgsStorage } from 'typeorm';
import { COLUMNS, hashedColumns, INSERT_COLUMNS, SHOWN_COLUMNS, type EventRow } from './audit-columns';
import { eventView } from './audit-view';
import { AuditEvent } from './audit-event.entity';
import { KEYED_HASH_VERSION } from './audit-hash';

/** The frozen hash input of the stored versions: stored events are verified against it. */
const HASHED_V1 = [
  'chain',
  'seq',
  'prevHash',
  'at',
  'actorId',
  'actorUsername',
  'actorRoles',
  'action',
  'outcome',
  'entityType',
  'entityId',
  'declarationId',
  'indicatorId',
  'state',
  'changes',
  'comment',
  'requestId',
  'ip',
];

describe('the audit column table', () => {
  it('keeps the hashed columns of every stored hash version in their frozen order', () => {
    expect(hashedColumns(1).map((c) => c.property)).toEqual(HASHED_V1);
    expect(KEYED_HASH_VERSION).toBe(2);
    expect(hashedColumns(2).map((c) => c.property)).toEqual(HASHED_V1);
  });

  it('maps every column onto the entity, in the table order, with its database name and type', () => {
    const args = getMetadataArgsStorage().columns.filter((c) => c.target === AuditEvent);
    expect(args.map((c) => c.propertyName)).toEqual(COLUMNS.map((c) => c.property));
    for (const c of INSERT_COLUMNS) {
      const a = args.find((x) => x.propertyName === c.property)!;
      expect({
        name: a.options.name ?? c.property,
        type: a.options.type,
        nullable: !!a.options.nullable,
      }).toEqual({
        name: c.column === c.property ? c.property : c.column,
        type: c.type,
        nullable: c.nullable,
      });
      expect(a.options.length).toBe(c.length);
    }
    const generated = getMetadataArgsStorage().generations.filter((g) => g.target === AuditEvent);
    expect(generated.map((g) => [g.propertyName, g.strategy])).toEqual([['id', 'increment']]);
  });

  it('shows every column an auditor reads in the event view', () => {
    // A column with a CSV header that the view forgot would be exported but not listed.
    const row = Object.fromEntries(
      SHOWN_COLUMNS.map((c, i) => [
        c.property,
        c.kind === 'int'
          ? 1001 + i
          : c.property === 'changes'
            ? JSON.stringify([{ field: 'x', before: null, after: 'v-changes' }])
            : `v-${c.property}`,
      ]),
    ) as unknown as EventRow;
    const view = JSON.stringify(eventView(row, 'en'));
    for (const [i, c] of SHOWN_COLUMNS.entries())
      expect(view).toContain(c.kind === 'int' ? `:${1001 + i}` : `v-${c.property}`);
  });
});
