import { ApiProperty } from '@nestjs/swagger';
import { DateProperty, EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';

/** The answer of `GET /api/dashboard` in the OpenAPI document; everything in it is computed. */

const counts = (description: string) =>
  ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    readOnly: true,
    description,
  });

export class DashboardCounts {
  @IntProperty({ readOnly: true, description: 'declarations of the year' })
  declarations: number;
  @counts(
    'declarations per state, by state code (GET /api/reference `state` gives the words); states without any are left out',
  )
  states: Record<string, number>;
  @counts(
    'saved mid-year monitoring reports per budget light (green, yellow, red; `light` in GET /api/reference); reports without a light are left out',
  )
  lights: Record<string, number>;
  @counts('saved self-evaluations per grade (优, 良, 中, 差; `grade` in GET /api/reference)')
  grades: Record<string, number>;
}

export class DashboardDepartment extends DashboardCounts {
  @IntProperty({ readOnly: true })
  departmentId: number;
  @TextProperty({ nullable: true, readOnly: true })
  departmentName: string | null;
}

export class DashboardOverdueItem {
  @IntProperty({ readOnly: true })
  declarationId: number;
  @TextProperty({ nullable: true, readOnly: true })
  projectName: string | null;
  @IntProperty({ readOnly: true })
  departmentId: number;
  @TextProperty({ nullable: true, readOnly: true })
  departmentName: string | null;
  @EnumProperty(DECLARATION_STATES, { readOnly: true })
  state: string;
  @TextProperty({ readOnly: true, description: 'the state, in your language' })
  stateLabel: string;
  @TimestampProperty({ readOnly: true, description: 'when it entered its review stage' })
  enteredAt: string;
  @TimestampProperty({
    readOnly: true,
    description:
      "the end of its due day: the stage's review deadline in working days after the day it entered (weekends and public holidays off, make-up working days on)",
  })
  dueAt: string;
  @DateProperty({ readOnly: true, description: 'the due day in Beijing time' })
  dueDate: string;
  @IntProperty({ readOnly: true, description: 'whole days past dueAt' })
  daysOverdue: number;
}

export class DashboardOverdue {
  @IntProperty({ readOnly: true, description: 'all overdue items of the year in your scope' })
  count: number;
  @IntProperty({ readOnly: true, description: 'the most items listed' })
  limit: number;
  @ApiProperty({
    type: () => [DashboardOverdueItem],
    description: 'the longest overdue first, at most `limit`',
  })
  items: DashboardOverdueItem[];
}

export class DashboardView {
  @IntProperty({ readOnly: true })
  year: number;
  @ApiProperty({
    type: () => [DashboardDepartment],
    description: 'each department with declarations in the year, in the order of the organisation',
  })
  departments: DashboardDepartment[];
  @ApiProperty({ type: () => DashboardCounts })
  totals: DashboardCounts;
  @ApiProperty({ type: () => DashboardOverdue })
  overdue: DashboardOverdue;
}
