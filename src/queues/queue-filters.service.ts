import { Inject, Injectable } from '@nestjs/common';
import { nowIso } from '../common/time';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { Department } from '../auth/department.entity';
import { WorkListErrors } from '../declarations/declarations.messages';
import { QueueFilter } from './queue-filter.entity';
import type { SavedQueueFiltersDto, SaveQueueFilterDto } from './queue-filters.dto';
import { QueueErrors } from './queues.messages';
import type { SavedQueueFilterView } from './queues.responses';

/** How many filters one person may keep. */
export const MAX_SAVED_FILTERS = 20;

/**
 * A person's saved queue filters: named sets of the queue's own filters, each person's their
 * own (every query is by the caller's id). A preference, not part of any declaration: not audited.
 */
@Injectable()
export class QueueFiltersService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async list(ctx: RequestContext): Promise<SavedQueueFilterView[]> {
    const rows = await this.db.read((em) =>
      em.find(QueueFilter, { where: { userId: ctx.user!.id }, order: { name: 'ASC', id: 'ASC' } }),
    );
    return rows.map(view);
  }

  async save(ctx: RequestContext, dto: SaveQueueFilterDto): Promise<SavedQueueFilterView> {
    const userId = ctx.user!.id;
    const name = dto.name.trim();
    const filters = pick(dto.filters);
    return this.db.write(async (tx) => {
      // A department that does not exist is refused as the queue would refuse it.
      if (
        filters.departmentId !== undefined &&
        !(await tx.existsBy(Department, { id: filters.departmentId }))
      )
        throw WorkListErrors.FILTER_DEPARTMENT_UNKNOWN(
          { id: filters.departmentId },
          { field: 'filters.departmentId' },
        );
      if ((await tx.countBy(QueueFilter, { userId })) >= MAX_SAVED_FILTERS)
        throw QueueErrors.QUEUE_FILTER_LIMIT({ max: MAX_SAVED_FILTERS });
      if (await tx.existsBy(QueueFilter, { userId, name }))
        throw QueueErrors.QUEUE_FILTER_NAME_TAKEN({ name }, { field: 'name' });
      const row = await tx.save(
        tx.create(QueueFilter, { userId, name, filters: JSON.stringify(filters), createdAt: nowIso() }),
      );
      return view(row);
    });
  }

  async remove(ctx: RequestContext, id: number): Promise<void> {
    const res = await this.db.write((tx) => tx.delete(QueueFilter, { id, userId: ctx.user!.id }));
    if (!res.affected) throw QueueErrors.QUEUE_FILTER_NOT_FOUND({ id });
  }
}

/** Only the filters the queue knows, in a fixed order. */
function pick(f: SavedQueueFiltersDto): SavedQueueFiltersDto {
  return {
    ...(f.year !== undefined ? { year: f.year } : {}),
    ...(f.departmentId !== undefined ? { departmentId: f.departmentId } : {}),
    ...(f.overdue !== undefined ? { overdue: f.overdue } : {}),
    ...(f.sort !== undefined ? { sort: f.sort } : {}),
  };
}

function view(r: QueueFilter): SavedQueueFilterView {
  return {
    id: r.id,
    name: r.name,
    filters: JSON.parse(r.filters) as SavedQueueFiltersDto,
    createdAt: r.createdAt,
  };
}
