import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { CommonErrors } from '../common/common.messages';
import { ApiErrors, ApiOkResponse } from '../common/openapi';
import { Ctx, type RequestContext } from '../common/request-context';
import { DashboardView } from './dashboard.responses';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(@Inject(DashboardService) private readonly dashboard: DashboardService) {}

  @Allow('dashboard.read')
  @Get()
  @ApiOperation({
    summary:
      "The year at a glance (年度看板), within your scope: per department its declarations by state, its monitoring reports' " +
      "budget lights and its self-evaluations' grades, with totals; and the review items past their due date, the longest overdue first",
  })
  @ApiQuery({
    name: 'year',
    required: true,
    schema: { type: 'integer', minimum: 2000, maximum: 2100, example: 2026 },
  })
  @ApiOkResponse({ type: DashboardView })
  @ApiErrors(['common'], { 400: 'the year is missing or malformed, or another parameter is given' })
  year(@Ctx() ctx: RequestContext, @Query() query: Record<string, string>) {
    const unknown = Object.keys(query).find((k) => k !== 'year');
    if (unknown) throw CommonErrors.FIELD_UNKNOWN({}, { field: unknown });
    if (query.year === undefined) throw CommonErrors.FIELD_REQUIRED({}, { field: 'year' });
    const year = Number(query.year);
    if (!/^\d{4}$/.test(query.year) || year < 2000 || year > 2100)
      throw CommonErrors.FIELD_RANGE({ min: 2000, max: 2100 }, { field: 'year' });
    return this.dashboard.year(ctx, year);
  }
}
