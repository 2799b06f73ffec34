import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DepartmentKind = 'bureau' | 'unit' | 'department';

@Entity('departments')
export class Department {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: DepartmentKind;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  /** Materialised path of ids, `/1/4/9/`: a subtree is `path LIKE '/1/4/%'`. */
  @Column({ type: 'varchar', length: 500 })
  path: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
