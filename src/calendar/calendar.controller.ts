import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiErrors, ApiOkResponse } from '../common/openapi';
import { Ctx, type RequestContext } from '../common/request-context';
import { MAX_HOLIDAYS } from './calendar-file';
import { WorkCalendarSummary, WorkCalendarView } from './calendar.responses';
import { parseCalendarYear, WorkCalendars } from './calendar.service';

const DATES = { type: 'array', items: { type: 'string', format: 'date' } };

@ApiTags('work-calendars')
@ApiBearerAuth()
@Controller('work-calendars')
export class CalendarController {
  constructor(@Inject(WorkCalendars) private readonly calendars: WorkCalendars) {}

  @Allow('calendar.read')
  @Get()
  @ApiOperation({
    summary:
      'The years with a working-day calendar (节假日安排), newest first: source, provisional (暂定), shipped or uploaded. Review deadlines count working days with them; a year without one counts weekends only',
  })
  @ApiOkResponse({ type: [WorkCalendarSummary] })
  list(@Ctx() ctx: RequestContext) {
    return this.calendars.list(ctx);
  }

  @Allow('calendar.read')
  @Get(':year')
  @ApiOperation({ summary: "A year's calendar: its days off (放假) and make-up working days (调休上班)" })
  @ApiOkResponse({ type: WorkCalendarView })
  @ApiErrors(['calendar'], { 400: 'the year is malformed', 404: 'no calendar for that year' })
  get(@Ctx() ctx: RequestContext, @Param('year') year: string) {
    return this.calendars.get(ctx, parseCalendarYear(year));
  }

  @Allow('calendar.manage')
  @Put(':year')
  @ApiOperation({
    summary:
      "Load or replace a year's calendar (admin; audited): the State Council notice's days as holidays (per holiday its days off and make-up working days) or as a table (one day a line: 日期 放假/上班 名称). Answers the year as stored; every instance counts with it within a minute",
  })
  @ApiBody({
    description: 'the shape of config/holidays/<year>.json; `holidays` or `table`, not both',
    schema: {
      type: 'object',
      required: ['source'],
      properties: {
        year: { type: 'integer', description: 'optional; when sent, the same as the route' },
        source: { type: 'string', maxLength: 300, description: 'the notice: its title, number and date' },
        sourceUrl: { type: 'string', nullable: true, maxLength: 500 },
        provisional: { type: 'boolean', description: '暂定 (not yet the notice); default false' },
        note: { type: 'string', nullable: true, maxLength: 1000 },
        holidays: {
          type: 'array',
          maxItems: MAX_HOLIDAYS,
          items: {
            type: 'object',
            required: ['name', 'off'],
            properties: {
              name: { type: 'string', maxLength: 20, example: '国庆节' },
              off: { ...DATES, description: '放假 days' },
              work: { ...DATES, description: '调休上班 days (Saturdays or Sundays)' },
            },
          },
        },
        table: {
          type: 'string',
          description: 'one day a line: date, 放假 or 上班, name; separated by tabs, commas or spaces',
          example: '日期\t类型\t名称\n2027-01-01\t放假\t元旦',
        },
      },
    },
  })
  @ApiOkResponse({ type: WorkCalendarView })
  @ApiErrors(['calendar'], { 400: 'a field, a day or a line of the table is not valid (named in words)' })
  put(@Ctx() ctx: RequestContext, @Param('year') year: string, @Body() body: unknown) {
    return this.calendars.put(ctx, parseCalendarYear(year), body);
  }
}
