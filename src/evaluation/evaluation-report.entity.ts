import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The year-end self-evaluation of a declaration. */
@Entity('evaluation_reports')
export class EvaluationReport {
  @PrimaryColumn({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ type: 'text' })
  data: string;

  @Column({ name: 'total_score', type: 'varchar', length: 10 })
  totalScore: string;

  @Column({ type: 'varchar', length: 4 })
  grade: string;

  @Column({ name: 'updated_by', type: 'integer' })
  updatedBy: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;
}
