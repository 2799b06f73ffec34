import { Inject, Injectable } from '@nestjs/common';
import { applyDeclarationScope } from '../auth/scope';
import { AppError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { Declaration } from '../declarations/declaration.entity';
import { statesFiring } from '../lifecycle/declaration.decisions';
import { stateLabel, WorkflowErrors } from '../lifecycle/lifecycle.messages';
import { WorkflowService } from './workflow.service';

/** Opens monitoring or evaluation for a whole year: each declaration its own transition and audit row. */
@Injectable()
export class OpenYearService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
  ) {}

  async open(ctx: RequestContext, year: number, event: 'OPEN_MONITORING' | 'OPEN_EVALUATION') {
    // Each opening event fires from one resting state (approved, monitored).
    const [from] = statesFiring(event);
    const candidates = await this.db.read((em) =>
      applyDeclarationScope(em.createQueryBuilder(Declaration, 'd'), ctx.user)
        .select(['d.id', 'd.version', 'd.state', 'd.projectName'])
        .andWhere('d.year = :year', { year })
        .orderBy('d.id', 'ASC')
        .getMany(),
    );
    const items = [];
    for (const d of candidates) {
      if (d.state !== from) {
        items.push(
          refused(ctx, d, WorkflowErrors.WORKFLOW_OPEN_YEAR_NOT_IN_STATE({ event, state: d.state, from })),
        );
        continue;
      }
      try {
        const r = await this.workflow.fire(ctx, d.id, { event, version: d.version });
        items.push({
          declarationId: d.id,
          projectName: d.projectName,
          opened: true,
          state: r.state,
          stateLabel: r.stateLabel,
        });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        items.push(refused(ctx, d, e));
      }
    }
    return { opened: items.filter((i) => i.opened).length, items };
  }
}

/** An item not opened: its state, and why in the reader's words with the code. */
function refused(ctx: RequestContext, d: Declaration, e: AppError) {
  return {
    declarationId: d.id,
    projectName: d.projectName,
    opened: false,
    state: d.state,
    stateLabel: stateLabel(d.state, ctx.lang),
    code: e.code,
    reason: String(e.body(ctx.lang).message),
  };
}
