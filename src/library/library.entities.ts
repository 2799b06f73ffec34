import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Level1, Level2 } from '../declarations/declaration-content';
import type { LibraryDirection } from './library-seed';
import type { ProposalState } from './library.machine';

/** One entry of the indicator library (指标库, docs/spec/domain.md §9). Never deleted: 出库 retires it. */
@Entity('library_entries')
export class LibraryEntry {
  @PrimaryGeneratedColumn()
  id: number;

  /** 指标编码, unique. */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 20 })
  level1: Level1;

  @Column({ type: 'varchar', length: 30 })
  level2: Level2;

  /** 三级指标（指标名称）. */
  @Column({ type: 'varchar', length: 500 })
  name: string;

  /** 指标解释. */
  @Column({ type: 'text', nullable: true })
  definition: string | null;

  /** 计算公式. */
  @Column({ type: 'text', nullable: true })
  formula: string | null;

  /** 数据来源. */
  @Column({ name: 'data_source', type: 'varchar', length: 500, nullable: true })
  dataSource: string | null;

  /** 评(扣)分标准. */
  @Column({ name: 'scoring_standard', type: 'text', nullable: true })
  scoringStandard: string | null;

  @Column({ type: 'varchar', length: 12 })
  direction: LibraryDirection;

  /** 计量单位; null for a qualitative indicator. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  unit: string | null;

  /** 支出功能分类 (optional). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  sector: string | null;

  @Column({ name: 'valid_from', type: 'integer' })
  validFrom: number;

  /** The last year it may be picked (null: open). */
  @Column({ name: 'valid_to', type: 'integer', nullable: true })
  validTo: number | null;

  @Column({ type: 'varchar', length: 10 })
  status: 'active' | 'retired';

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;

  @Column({ name: 'retired_at', type: 'varchar', length: 24, nullable: true })
  retiredAt: string | null;
}

export type ProposalKind = 'add' | 'change' | 'retire';

/** A proposal to add (入库), change (修改) or retire (出库) an entry, through the bureau's two approvals. */
@Entity('library_proposals')
export class LibraryProposal {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 10 })
  kind: ProposalKind;

  /** The entry changed or retired; for 入库, the entry created once applied. */
  @Column({ name: 'entry_id', type: 'integer', nullable: true })
  entryId: number | null;

  /** The entry's fields as proposed (JSON). */
  @Column({ type: 'text' })
  fields: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 20 })
  state: ProposalState;

  @Column({ name: 'proposed_by', type: 'integer' })
  proposedBy: number;

  @Column({ name: 'proposed_at', type: 'varchar', length: 24 })
  proposedAt: string;

  @Column({ name: 'first_approved_by', type: 'integer', nullable: true })
  firstApprovedBy: number | null;

  @Column({ name: 'first_approved_at', type: 'varchar', length: 24, nullable: true })
  firstApprovedAt: string | null;

  @Column({ name: 'decided_by', type: 'integer', nullable: true })
  decidedBy: number | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 24, nullable: true })
  decidedAt: string | null;

  @Column({ name: 'return_comment', type: 'varchar', length: 2000, nullable: true })
  returnComment: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
