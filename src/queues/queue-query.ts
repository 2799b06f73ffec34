import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn } from 'class-validator';
import { fromLabel, valueLabels } from '../common/i18n';
import { Omittable, problem } from '../common/validation';
import { blank, WorkListQuery } from '../declarations/list-filters';
import { QUEUE_SORTS, type QueueSort } from './queues.messages';

/** The query of the caller's queue: the work-list filters (declarations/list-filters.ts) and its own. */

const flag = ({ value }: { value: unknown }) => {
  if (blank(value)) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

/** `GET /api/queues/mine`. */
export class QueueQuery extends WorkListQuery {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only items past their due date; false: only items not past it',
  })
  @Transform(flag)
  @Omittable()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    enum: QUEUE_SORTS,
    description:
      'oldest (default): longest waiting first; due: nearest due date first, items without one last. The words (等待最久优先, 截止日期最近优先) are accepted too',
  })
  @Transform(({ value }) => (blank(value) ? undefined : fromLabel('queueSort', value)))
  @Omittable()
  @IsIn(QUEUE_SORTS, problem('FIELD_ONE_OF', { values: valueLabels(QUEUE_SORTS, 'queueSort') }))
  sort?: QueueSort;
}
