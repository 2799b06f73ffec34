import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Level1, Level2, Target } from './declaration-content';

/** A 三级指标 with its 年度指标值, parsed (docs/spec/domain.md §2). */
@Entity('indicators')
export class Indicator {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  /** Form order. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 20 })
  level1: Level1;

  @Column({ type: 'varchar', length: 30 })
  level2: Level2;

  @Column({ name: 'cost_type', type: 'varchar', length: 50, nullable: true })
  costType: string | null;

  @Column({ type: 'varchar', length: 500 })
  name: string;

  @Column({ name: 'target_display', type: 'varchar', length: 500, nullable: true })
  targetDisplay: string | null;

  @Column({ name: 'target_kind', type: 'varchar', length: 20, nullable: true })
  targetKind: Target['kind'] | null;

  @Column({ name: 'target_comparator', type: 'varchar', length: 2, nullable: true })
  targetComparator: Target['comparator'];

  @Column({ name: 'target_value', type: 'varchar', length: 40, nullable: true })
  targetValue: string | null;

  @Column({ name: 'target_unit', type: 'varchar', length: 50, nullable: true })
  targetUnit: string | null;

  @Column({ name: 'target_text', type: 'varchar', length: 500, nullable: true })
  targetText: string | null;

  @Column({ name: 'target_direction', type: 'varchar', length: 10, nullable: true })
  targetDirection: Target['direction'];

  /** 分值 as a 2-decimal string, null for the default split. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  weight: string | null;

  @Column({ name: 'source_line', type: 'integer', nullable: true })
  sourceLine: number | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;

  /** The indicator of last year's declaration this one was copied from (its lineage across years). */
  @Column({ name: 'source_indicator_id', type: 'integer', nullable: true })
  sourceIndicatorId: number | null;

  /** The indicator library entry it was picked from (src/library); null: written by the unit itself. */
  @Column({ name: 'library_entry_id', type: 'integer', nullable: true })
  libraryEntryId: number | null;
}
