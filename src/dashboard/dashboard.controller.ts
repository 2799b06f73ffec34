import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiErrors, ApiOkResponse, ApiYearQuery } from '../common/openapi';
import { parseYearQuery } from '../common/pagination';
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
  @ApiYearQuery()
  @ApiOkResponse({ type: DashboardView })
  @ApiErrors(['common'], { 400: 'the year is missing or malformed, or another parameter is given' })
  year(@Ctx() ctx: RequestContext, @Query() query: Record<string, string>) {
    return this.dashboard.year(ctx, parseYearQuery(query));
  }
}
