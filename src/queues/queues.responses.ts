import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { DECLARATION_STATES } from '../workflow/declaration.machine';

/** The answers of the queue routes in the OpenAPI document (issue 13, item 7). */

export class QueueItem {
  @IntProperty()
  declarationId: number;
  @TextProperty({ nullable: true })
  projectName: string | null;
  @IntProperty()
  departmentId: number;
  @IntProperty({ example: 2026 })
  year: number;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @IntProperty({ description: 'send it with the decision' })
  version: number;
  @TimestampProperty({ description: 'when it entered the state' })
  enteredAt: string;
  @TimestampProperty({ nullable: true, description: 'when the stage is due; null where no deadline applies' })
  dueAt: string | null;
  @ApiProperty()
  overdue: boolean;
}

export class QueuePage {
  @ApiProperty({ type: () => [QueueItem], description: 'oldest first' })
  items: QueueItem[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
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
