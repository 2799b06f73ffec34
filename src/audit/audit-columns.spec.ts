import { describe, expect, it } from '@jest/globals';
import { getMetadataArgsStorage } from 'typeorm';
import { COLUMNS, hashedColumns, INSERT_COLUMNS } from './audit-columns';
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
});
