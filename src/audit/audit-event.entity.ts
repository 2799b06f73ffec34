import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { COLUMNS, type AuditEventRow } from './audit-columns';

/**
 * One audit event. Append-only (database triggers refuse UPDATE and DELETE), no foreign keys
 * so it outlives what it describes, and hash-chained: `hash` covers the canonical content and
 * `prevHash`, the previous event of the same chain; since hash version 2 it is a MAC under a
 * key kept outside the database. Its columns are declared in audit-columns.ts, and mapped here
 * from that table.
 */
@Entity('audit_events')
// Its properties are the table's row type, merged in: the class declares no fields of its own,
// so nothing is left uninitialised that the interface promises.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class AuditEvent {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AuditEvent extends AuditEventRow {}

for (const c of COLUMNS) {
  const decorate = c.generated
    ? PrimaryGeneratedColumn()
    : Column({
        ...(c.column === c.property ? {} : { name: c.column }),
        type: c.type,
        ...(c.length === undefined ? {} : { length: c.length }),
        ...(c.nullable ? { nullable: true } : {}),
      });
  decorate(AuditEvent.prototype, c.property);
}
