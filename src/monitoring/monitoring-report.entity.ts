import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The mid-year monitoring report of a declaration; lights stored for the year overview. */
@Entity('monitoring_reports')
export class MonitoringReport {
  @PrimaryColumn({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  /** The report as submitted (JSON; money as strings). */
  @Column({ type: 'text' })
  data: string;

  @Column({ name: 'budget_light', type: 'varchar', length: 10 })
  budgetLight: string;

  @Column({ name: 'red_count', type: 'integer' })
  redCount: number;

  @Column({ name: 'yellow_count', type: 'integer' })
  yellowCount: number;

  /** The worst indicators (JSON list of {indicatorId, name, light}). */
  @Column({ type: 'text' })
  worst: string;

  @Column({ name: 'updated_by', type: 'integer' })
  updatedBy: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;
}
