import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A substitute named for a reviewer (the principal) in one reviewer role, for calendar days
 * `startsOn`–`endsOn` (both included, Beijing time); ended early when `endedAt` is set.
 */
@Entity('delegations')
export class Delegation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'principal_id', type: 'integer' })
  principalId: number;

  @Column({ name: 'substitute_id', type: 'integer' })
  substituteId: number;

  @Column({ type: 'varchar', length: 20 })
  role: 'dept_reviewer' | 'bureau_reviewer';

  @Column({ name: 'starts_on', type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'varchar', length: 10 })
  endsOn: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'ended_at', type: 'varchar', length: 24, nullable: true })
  endedAt: string | null;

  @Column({ name: 'ended_by', type: 'integer', nullable: true })
  endedBy: number | null;
}
