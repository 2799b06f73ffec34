// Column shapes the migrations share: the same on SQLite and PostgreSQL; timestamps are ISO-8601
// UTC strings of 24 characters, so both engines store, compare and hash them identically.
import type { TableColumnOptions } from 'typeorm';

export const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
export const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const int = (name: string, nullable = false, dflt?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  ...(dflt === undefined ? {} : { default: dflt }),
});
export const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
export const fen = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: true });
export const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', default: false });
export const ts = (name: string, nullable = false) => str(name, 24, nullable);
