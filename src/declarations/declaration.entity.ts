import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { fenTransformer, type Fen } from '../common/money';
import type { DeclarationState } from '../lifecycle/lifecycle.messages';

/** One 财政项目支出绩效目标申报表 and its place in the lifecycle. */
@Entity('declarations')
export class Declaration {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'department_id', type: 'integer' })
  departmentId: number;

  /** The owning department's path, copied so scope filters need no join. */
  @Column({ name: 'department_path', type: 'varchar', length: 500 })
  departmentPath: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'project_name', type: 'varchar', length: 500, nullable: true })
  projectName: string | null;

  @Column({ name: 'project_nature', type: 'varchar', length: 100, nullable: true })
  projectNature: string | null;

  @Column({ name: 'project_category', type: 'varchar', length: 100, nullable: true })
  projectCategory: string | null;

  @Column({ name: 'competent_department', type: 'varchar', length: 200, nullable: true })
  competentDepartment: string | null;

  @Column({ name: 'implementing_unit', type: 'varchar', length: 200, nullable: true })
  implementingUnit: string | null;

  @Column({ name: 'planned_start', type: 'varchar', length: 10, nullable: true })
  plannedStart: string | null;

  @Column({ name: 'planned_end', type: 'varchar', length: 10, nullable: true })
  plannedEnd: string | null;

  @Column({ name: 'funds_total', type: 'bigint', nullable: true, transformer: fenTransformer })
  fundsTotal: Fen | null;

  @Column({ name: 'funds_annual_request', type: 'bigint', nullable: true, transformer: fenTransformer })
  fundsAnnualRequest: Fen | null;

  @Column({
    name: 'funds_current_appropriation',
    type: 'bigint',
    nullable: true,
    transformer: fenTransformer,
  })
  fundsCurrentAppropriation: Fen | null;

  @Column({ name: 'funds_carryover', type: 'bigint', nullable: true, transformer: fenTransformer })
  fundsCarryover: Fen | null;

  @Column({ name: 'funds_other', type: 'bigint', nullable: true, transformer: fenTransformer })
  fundsOther: Fen | null;

  @Column({ name: 'overall_goal', type: 'text', nullable: true })
  overallGoal: string | null;

  @Column({ name: 'annual_goal', type: 'text', nullable: true })
  annualGoal: string | null;

  /** Optimistic lock: every write names the version it read. */
  @Column({ type: 'integer' })
  version: number;

  /** The statechart state as a dotted string (`monitoring.internalReview`), indexed for queues. */
  @Column({ type: 'varchar', length: 40 })
  state: DeclarationState;

  @Column({ name: 'state_entered_at', type: 'varchar', length: 24 })
  stateEnteredAt: string;

  /** The persisted XState snapshot (JSON) and the machine version that wrote it. */
  @Column({ type: 'text' })
  snapshot: string;

  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion: number;

  /** Who submitted the current phase (segregation of duties, WITHDRAW). */
  @Column({ name: 'submitted_by', type: 'integer', nullable: true })
  submittedBy: number | null;

  @Column({ name: 'ever_submitted', type: 'boolean', default: false })
  everSubmitted: boolean;

  /** Number of the latest approved version, null before the first approval. */
  @Column({ name: 'approved_version', type: 'integer', nullable: true })
  approvedVersion: number | null;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;

  /** The same project's declaration of the year before, when this one was copied from it (next year). */
  @Column({ name: 'previous_declaration_id', type: 'integer', nullable: true })
  previousDeclarationId: number | null;
}
