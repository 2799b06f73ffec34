import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommentsService } from '../../src/comments/comments.service';
import { AppError } from '../../src/common/errors';
import { WorkflowService } from '../../src/workflow/workflow.service';
import {
  buildServiceWorld,
  createValidDeclaration,
  startTestServices,
  type ServiceWorld,
  type TestServices,
} from '../support/test-services';

/**
 * Review comments racing each other and the workflow (on PostgreSQL they run concurrently,
 * ordered by the declaration's row lock; on SQLite the write queue orders them): one open thread
 * per anchor, one resolution, and a RETURN that carries exactly the threads opened before it.
 */

let s: TestServices;
let w: ServiceWorld;

beforeAll(async () => {
  s = await startTestServices();
  w = await buildServiceWorld(s);
});
afterAll(async () => s?.close());

async function submitted(): Promise<number> {
  const d = await createValidDeclaration(s, w.submitter);
  await s.get(WorkflowService).fire(w.submitter, d.id, { event: 'SUBMIT', version: d.version });
  return d.id;
}
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' && r.reason instanceof AppError ? r.reason.code : r.status;

describe('concurrent comments', () => {
  it('open one thread per anchor however many reviewers race', async () => {
    const id = await submitted();
    const comments = s.get(CommentsService);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) =>
        comments.open(w.deptReviewer, id, { anchor: 'projectName', comment: `第 ${n} 条` }),
      ),
    );
    expect(results.map(codeOf).sort()).toEqual([
      'COMMENT_THREAD_OPEN',
      'COMMENT_THREAD_OPEN',
      'COMMENT_THREAD_OPEN',
      'COMMENT_THREAD_OPEN',
      'COMMENT_THREAD_OPEN',
      'fulfilled',
    ]);
    expect(await s.count('SELECT COUNT(*) AS n FROM comment_threads WHERE declaration_id = ?', id)).toBe(1);
    expect(
      await s.count(
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'comment.opened' AND declaration_id = ?",
        id,
      ),
    ).toBe(1);
  });

  it('resolve a thread once', async () => {
    const id = await submitted();
    const comments = s.get(CommentsService);
    const thread = await comments.open(w.deptReviewer, id, { anchor: 'annualGoal', comment: '请量化' });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => comments.resolve(w.submitter, id, thread.id, null)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.map(codeOf).filter((c) => c !== 'fulfilled')).toEqual(
      Array(4).fill('COMMENT_ALREADY_RESOLVED'),
    );
    expect(
      await s.count(
        "SELECT COUNT(*) AS n FROM comment_entries WHERE kind = 'resolved' AND thread_id = ?",
        thread.id,
      ),
    ).toBe(1);
  });

  it('a RETURN carries exactly the threads opened before it', async () => {
    const id = await submitted();
    const comments = s.get(CommentsService);
    await comments.open(w.deptReviewer, id, { anchor: 'overallGoal', comment: '先提的意见' });
    const version = (
      await s.db.read((em) => em.query(`SELECT version FROM declarations WHERE id = ${id}`))
    )[0].version as number;
    const [ret, late] = await Promise.allSettled([
      s.get(WorkflowService).fire(w.deptReviewer, id, { event: 'RETURN', version, comment: '退回' }),
      comments.open(w.deptReviewer, id, { anchor: 'funds.total', comment: '同时提的意见' }),
    ]);
    expect(ret.status).toBe('fulfilled');
    const [kept] = (await s.db.read((em) =>
      em.query(`SELECT thread_ids FROM comment_returns WHERE declaration_id = ${id}`),
    )) as Array<{ thread_ids: string }>;
    const carried = JSON.parse(kept.thread_ids) as number[];
    // Either the late thread came first and is carried, or it came after and was refused.
    if (late.status === 'fulfilled') expect(carried).toHaveLength(2);
    else {
      expect(codeOf(late)).toBe('COMMENT_NOT_IN_REVIEW');
      expect(carried).toHaveLength(1);
    }
  });
});
