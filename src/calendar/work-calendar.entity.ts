import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A year's working-day calendar an admin loaded (`PUT /api/work-calendars/:year`): it replaces
 * the year's shipped file (config/holidays/<year>.json) for every instance of the service.
 * `days` is the JSON list of the named days ({date, off, name}), in date order.
 */
@Entity('work_calendars')
export class WorkCalendarRow {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @Column({ type: 'varchar', length: 300 })
  source: string;

  @Column({ name: 'source_url', type: 'varchar', length: 500, nullable: true })
  sourceUrl: string | null;

  @Column({ type: 'text' })
  days: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;

  @Column({ name: 'updated_by', type: 'integer' })
  updatedBy: number;
}
