import { ApiProperty } from '@nestjs/swagger';
import { SavedQueueFiltersDto } from './queue-filters.dto';
import {
  DateProperty,
  EnumProperty,
  IntProperty,
  MoneyProperty,
  TextProperty,
  TimestampProperty,
} from '../common/openapi';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import { QUEUE_SORTS } from './queues.messages';

/** The answers of the queue routes in the OpenAPI document (issue 13, item 7). */

export class QueueSubmitter {
  @IntProperty()
  id: number;
  @TextProperty({ nullable: true, description: 'the display name' })
  name: string | null;
}

export class QueueFindingCounts {
  @IntProperty({ description: 'error findings of the phase (they block SUBMIT)' })
  errors: number;
  @IntProperty()
  warnings: number;
}

export class QueueLastReturn {
  @TextProperty({ nullable: true, description: "the reviewer's comment" })
  comment: string | null;
  @TimestampProperty()
  at: string;
  @TextProperty({ nullable: true, description: 'the display name of the reviewer who returned it' })
  by: string | null;
}

export class QueueDelegatedFrom {
  @IntProperty()
  id: number;
  @TextProperty({ description: "the reviewer's display name" })
  name: string;
}

export class QueueItem {
  @IntProperty()
  declarationId: number;
  @TextProperty({ nullable: true, description: '项目名称' })
  projectName: string | null;
  @IntProperty()
  departmentId: number;
  @TextProperty({ nullable: true })
  departmentName: string | null;
  @IntProperty({ example: 2026 })
  year: number;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @TextProperty({ readOnly: true, example: '单位内部审核', description: 'the state in your language' })
  stateLabel: string;
  @IntProperty({ description: 'send it with the decision' })
  version: number;
  @ApiProperty({ description: 'a target adjustment (目标调整) rather than a declaration or a report' })
  adjustment: boolean;
  @IntProperty({
    nullable: true,
    description:
      'an adjustment: indicators added, removed or changed against the approved version; else null',
  })
  changedIndicators: number | null;
  @ApiProperty({
    type: () => QueueSubmitter,
    nullable: true,
    description: 'who submitted the current phase; null when nobody has',
  })
  submittedBy: QueueSubmitter | null;
  @MoneyProperty({ nullable: true, description: '年度资金申请总额' })
  annualRequest: string | null;
  @ApiProperty({ type: () => QueueFindingCounts, description: "the phase's findings, as SUBMIT sees them" })
  findings: QueueFindingCounts;
  @TimestampProperty({ description: 'when it entered the state' })
  enteredAt: string;
  @IntProperty({ minimum: 0, description: 'whole days since it entered the state' })
  daysWaiting: number;
  @TimestampProperty({
    nullable: true,
    description:
      'when the stage is due: the end (23:59:59.999 Beijing time) of the last of its working days (REVIEW_DAYS_INTERNAL / REVIEW_DAYS_BUREAU, counted from the day after it entered, weekends and public holidays off, make-up working days on); null where no deadline applies',
  })
  dueAt: string | null;
  @DateProperty({ nullable: true, description: 'the due day in Beijing time' })
  dueDate: string | null;
  @ApiProperty({
    description:
      '暂定: some day counted lies in a year whose calendar is provisional or missing (weekends only): the due date may move when the State Council notice is loaded',
  })
  dueProvisional: boolean;
  @IntProperty({
    nullable: true,
    minimum: 0,
    description:
      'working days after today up to the due day (0: due today, or overdue); null without a deadline',
  })
  workingDaysLeft: number | null;
  @ApiProperty()
  overdue: boolean;
  @ApiProperty({
    type: () => QueueLastReturn,
    nullable: true,
    description: 'the latest RETURN of the current round; null when none',
  })
  lastReturn: QueueLastReturn | null;
  @ApiProperty({
    type: () => QueueDelegatedFrom,
    nullable: true,
    description:
      'a delegated item (代理: 原审核人): the absent reviewer you would decide it for, by a delegation in force today; your decision records onBehalfOf',
  })
  delegatedFrom: QueueDelegatedFrom | null;
  @IntProperty({
    description:
      '整改: rectification items of this project (its own and its earlier years’) not accepted yet; GET /api/declarations/:id/rectifications lists them',
  })
  openRectifications: number;
  @IntProperty({ description: 'of those, open past their due day' })
  overdueRectifications: number;
}

export class QueuePage {
  @ApiProperty({ type: () => [QueueItem], description: 'in the order of `sort`' })
  items: QueueItem[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
  @EnumProperty(QUEUE_SORTS, {
    description: 'the order of the items: oldest (longest waiting first) or due (nearest due date first)',
  })
  sort: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'how many await you, per state',
    example: { internalReview: 3 },
  })
  counts: Record<string, number>;
}

export class BulkItemResult {
  @IntProperty()
  declarationId: number;
  @ApiProperty({ description: 'true: the event was fired' })
  ok: boolean;
  @EnumProperty(DECLARATION_STATES, { required: false, description: 'when done: the new state' })
  state?: string;
  @IntProperty({ required: false, description: 'when done: the new version' })
  version?: number;
  @IntProperty({ required: false, description: 'when refused: the status the request alone would get' })
  status?: number;
  @TextProperty({ required: false, pattern: '^[A-Z][A-Z0-9_]*$', description: 'when refused: the code' })
  code?: string;
  @TextProperty({ required: false, description: 'when refused: why, in words' })
  reason?: string;
}

export class BulkResult {
  @IntProperty()
  done: number;
  @IntProperty()
  refused: number;
  @ApiProperty({ type: () => [BulkItemResult], description: 'one per item, in the order sent' })
  items: BulkItemResult[];
}

export class SavedQueueFilterView {
  @IntProperty()
  id: number;
  @TextProperty({ description: 'the name its owner gave it' })
  name: string;
  @ApiProperty({ type: SavedQueueFiltersDto, description: 'the filters, as GET /api/queues/mine takes them' })
  filters: SavedQueueFiltersDto;
  @TimestampProperty()
  createdAt: string;
}
