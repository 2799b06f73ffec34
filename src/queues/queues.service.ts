import { Inject, Injectable } from '@nestjs/common';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { declarationScope } from '../auth/scope';
import { AppError } from '../common/errors';
import { decodeCursor, encodeCursor, parseLimit } from '../common/pagination';
import type { AuthUser, RequestContext } from '../common/request-context';
import { addDaysIso, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { Declaration } from '../declarations/declaration.entity';
import { DECLARATION_STATES, reviewStage } from '../workflow/declaration.machine';
import type { BulkDecisionDto } from '../workflow/workflow.dto';
import { WorkflowService } from '../workflow/workflow.service';

const INTERNAL = DECLARATION_STATES.filter((s) => reviewStage(s) === 'internalReview');
const BUREAU = DECLARATION_STATES.filter((s) => reviewStage(s) === 'bureauReview');

/**
 * What awaits the caller: reviewers the items in their review stage within their scope;
 * submitters their returned drafts, open adjustments and open reports. Oldest first, from one
 * query on the indexed (state, state_entered_at) columns.
 */
@Injectable()
export class QueuesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mine(ctx: RequestContext, query: { limit?: unknown; cursor?: unknown }) {
    const limit = parseLimit(query.limit);
    const cursor = decodeCursor(query.cursor);
    return this.db.read(async (em) => {
      const qb = this.awaiting(em.createQueryBuilder(Declaration, 'd'), ctx.user);
      const counts = await this.awaiting(em.createQueryBuilder(Declaration, 'd'), ctx.user)
        .select('d.state', 'state')
        .addSelect('COUNT(*)', 'n')
        .groupBy('d.state')
        .getRawMany<{ state: string; n: string }>();
      if (cursor) {
        qb.andWhere(
          new Brackets((w) =>
            w
              .where('d.state_entered_at > :ce', { ce: cursor[0] })
              .orWhere('d.state_entered_at = :ce AND d.id > :ci', { ci: cursor[1] }),
          ),
        );
      }
      const rows = await qb
        .select([
          'd.id',
          'd.projectName',
          'd.departmentId',
          'd.state',
          'd.stateEnteredAt',
          'd.version',
          'd.year',
        ])
        .orderBy('d.state_entered_at', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .limit(limit + 1)
        .getMany();
      const now = nowIso();
      const items = rows.slice(0, limit).map((d) => {
        const stage = reviewStage(d.state);
        const dueAt = stage ? addDaysIso(d.stateEnteredAt, this.config.reviewDeadlineDays[stage]) : null;
        return {
          declarationId: d.id,
          projectName: d.projectName,
          departmentId: d.departmentId,
          year: d.year,
          state: d.state,
          version: d.version,
          enteredAt: d.stateEnteredAt,
          dueAt,
          overdue: dueAt !== null && dueAt < now,
        };
      });
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit ? encodeCursor([last.enteredAt, last.declarationId]) : null,
        counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])),
      };
    });
  }

  /** Each item is its own transition, with its own checks and audit row; the answer is per item. */
  async bulk(ctx: RequestContext, dto: BulkDecisionDto) {
    const results = [];
    for (const item of dto.items) {
      try {
        const r = await this.workflow.fire(ctx, item.declarationId, {
          event: dto.event,
          version: item.version,
          comment: dto.comment,
        });
        results.push({ declarationId: item.declarationId, ok: true, state: r.state, version: r.version });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const body = e.getResponse() as { message: string };
        results.push({
          declarationId: item.declarationId,
          ok: false,
          status: e.getStatus(),
          reason: body.message,
        });
      }
    }
    return {
      done: results.filter((r) => r.ok).length,
      refused: results.filter((r) => !r.ok).length,
      items: results,
    };
  }

  private awaiting(qb: SelectQueryBuilder<Declaration>, user: AuthUser): SelectQueryBuilder<Declaration> {
    const scope = declarationScope(user);
    return qb.where(
      new Brackets((w) => {
        w.where('1 = 0');
        if (user.roles.includes('dept_reviewer')) {
          w.orWhere('(d.state IN (:...internal) AND d.department_path LIKE :deptPrefix)', {
            internal: INTERNAL,
            deptPrefix: `${user.departmentPath}%`,
          });
        }
        if (user.roles.includes('bureau_reviewer') && scope.kind === 'subtree') {
          w.orWhere('(d.state IN (:...bureau) AND d.department_path LIKE :bureauPrefix)', {
            bureau: BUREAU,
            bureauPrefix: `${scope.pathPrefix}%`,
          });
        }
        if (user.roles.includes('submitter')) {
          w.orWhere(
            "(d.department_id = :ownDep AND ((d.state = 'drafting' AND d.ever_submitted IS TRUE) OR d.state IN ('adjustment.drafting', 'monitoring.reporting', 'evaluation.reporting')))",
            { ownDep: user.departmentId },
          );
        }
      }),
    );
  }
}
