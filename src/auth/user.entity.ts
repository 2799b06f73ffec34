import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/roles';

const rolesTransformer = {
  to: (v: Role[]) => v.join(','),
  from: (v: string) => (v ? (v.split(',') as Role[]) : []),
};

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 200, transformer: rolesTransformer })
  roles: Role[];

  @Column({ name: 'department_id', type: 'integer' })
  departmentId: number;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Where notifications are emailed (when SMTP_URL is set); optional. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'varchar', length: 24, nullable: true })
  lockedUntil: string | null;

  /** Bumped when a user is disabled or changes password: older tokens stop working. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;
}
