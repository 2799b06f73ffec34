import { ApiProperty } from '@nestjs/swagger';
import { DateProperty, EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { CALENDAR_DAY_KINDS, CALENDAR_ORIGINS } from './calendar.messages';

/** The answers of the working-day calendar routes in the OpenAPI document. */

export class CalendarUpdater {
  @IntProperty()
  id: number;
  @TextProperty({ nullable: true, description: 'the display name' })
  name: string | null;
}

export class WorkCalendarSummary {
  @IntProperty({ example: 2026 })
  year: number;
  @ApiProperty({
    description:
      '暂定: not from the State Council notice (weekends and the statutory days only, no make-up working days); due dates counted in it are provisional',
  })
  provisional: boolean;
  @TextProperty({
    example: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日）',
  })
  source: string;
  @TextProperty({ nullable: true })
  sourceUrl: string | null;
  @EnumProperty(CALENDAR_ORIGINS, {
    description: 'shipped: config/holidays/<year>.json; uploaded: by an admin',
  })
  origin: string;
  @TextProperty({ readOnly: true, example: '随系统发布' })
  originLabel: string;
  @IntProperty({ description: 'days off the calendar names (放假)' })
  offDays: number;
  @IntProperty({ description: 'make-up working days (调休上班)' })
  workDays: number;
  @TimestampProperty({ nullable: true, description: 'when an admin loaded it; null for a shipped year' })
  updatedAt: string | null;
  @ApiProperty({ type: () => CalendarUpdater, nullable: true })
  updatedBy: CalendarUpdater | null;
}

export class WorkCalendarDay {
  @DateProperty()
  date: string;
  @EnumProperty(CALENDAR_DAY_KINDS, { description: 'off: 放假; work: 调休上班 (a Saturday or Sunday)' })
  kind: string;
  @TextProperty({ readOnly: true, example: '放假' })
  kindLabel: string;
  @TextProperty({ example: '国庆节' })
  name: string;
}

export class WorkCalendarView extends WorkCalendarSummary {
  @ApiProperty({
    type: () => [WorkCalendarDay],
    description: 'the days that differ from Monday–Friday working, Saturday–Sunday off, in date order',
  })
  days: WorkCalendarDay[];
}
