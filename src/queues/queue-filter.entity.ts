import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A reviewer's saved set of queue filters (GET/POST/DELETE /api/queues/filters). */
@Entity('queue_filters')
export class QueueFilter {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 40 })
  name: string;

  /** JSON of `SavedQueueFilters`. */
  @Column({ type: 'varchar', length: 500 })
  filters: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
