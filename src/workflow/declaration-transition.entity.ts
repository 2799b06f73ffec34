import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The transition history of one declaration, written with the state change. */
@Entity('declaration_transitions')
export class DeclarationTransition {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ type: 'varchar', length: 30 })
  event: string;

  @Column({ name: 'from_state', type: 'varchar', length: 40 })
  fromState: string;

  @Column({ name: 'to_state', type: 'varchar', length: 40 })
  toState: string;

  @Column({ name: 'actor_id', type: 'integer' })
  actorId: number;

  @Column({ name: 'actor_username', type: 'varchar', length: 64 })
  actorUsername: string;

  /** The role in which the actor fired the event. */
  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** 优/良 with APPROVE, 中/差 with RETURN (docs/spec/domain.md §4). */
  @Column({ type: 'varchar', length: 4, nullable: true })
  rating: string | null;

  @Column({ type: 'varchar', length: 24 })
  at: string;

  /** The reviewer the actor stood in for (a delegation to a substitute), else null. */
  @Column({ name: 'on_behalf_of', type: 'integer', nullable: true })
  onBehalfOf: number | null;

  /**
   * The 数据局's scored review (src/workflow/scored-review.ts) as JSON, with APPROVE and RETURN
   * in 数据局审核 of a declaration or an adjustment; else null. Its audit event records the same.
   */
  @Column({ name: 'scored_review', type: 'text', nullable: true })
  scoredReview: string | null;
}
