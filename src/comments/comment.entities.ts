import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A review comment thread (审核意见), anchored to what it is about: a header field of the form
 * or one indicator, by the indicator's id (ids survive versions: an approved version keeps
 * them, and a cancelled adjustment restores them). Threads are never deleted.
 */
@Entity('comment_threads')
export class CommentThread {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  /** `comment`; issue 18's per-indicator opinions of the scored review will be another kind. */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** A header anchor (`projectName`, `funds.total` …) or `indicator`. */
  @Column({ type: 'varchar', length: 40 })
  anchor: string;

  @Column({ name: 'indicator_id', type: 'integer', nullable: true })
  indicatorId: number | null;

  /** The indicator's name when the thread was opened: its label if the indicator is removed. */
  @Column({ name: 'anchor_name', type: 'varchar', length: 500, nullable: true })
  anchorName: string | null;

  /** `open` or `resolved`. */
  @Column({ type: 'varchar', length: 10 })
  status: string;

  /** The review state in which it was opened (单位内部审核 or 数据局审核 of a phase). */
  @Column({ name: 'opened_state', type: 'varchar', length: 40 })
  openedState: string;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'resolved_by', type: 'integer', nullable: true })
  resolvedBy: number | null;

  @Column({ name: 'resolved_at', type: 'varchar', length: 24, nullable: true })
  resolvedAt: string | null;
}

/** One entry of a thread: the first comment, a reply, a resolution or a reopening. */
@Entity('comment_entries')
export class CommentEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'thread_id', type: 'integer' })
  threadId: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  /** `comment`, `reply`, `resolved`, `reopened`. */
  @Column({ type: 'varchar', length: 10 })
  kind: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'author_id', type: 'integer' })
  authorId: number;

  /** The role in which the author wrote: the reviewing role, or `submitter`. */
  @Column({ name: 'author_role', type: 'varchar', length: 20 })
  authorRole: string;

  @Column({ type: 'varchar', length: 40 })
  state: string;

  @Column({ type: 'varchar', length: 24 })
  at: string;
}

/**
 * What a RETURN sent back: the content as it was returned (the baseline of "what changed since
 * the return") and the threads still open then, which it carried. Written in the RETURN's
 * transaction; `returned_at` is the transition row's `at`.
 */
@Entity('comment_returns')
export class CommentReturn {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ name: 'returned_at', type: 'varchar', length: 24 })
  returnedAt: string;

  @Column({ name: 'returned_by', type: 'integer' })
  returnedBy: number;

  @Column({ name: 'from_state', type: 'varchar', length: 40 })
  fromState: string;

  /** The StoredContent (declaration-mapper.ts) at the return, as JSON. */
  @Column({ type: 'text' })
  content: string;

  /** The ids of the threads open at the return, as a JSON list. */
  @Column({ name: 'thread_ids', type: 'text' })
  threadIds: string;
}
