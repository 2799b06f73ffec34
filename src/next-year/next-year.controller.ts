import { Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { DeclarationView } from '../declarations/declarations.responses';
import { DeclarationsService } from '../declarations/declarations.service';
import { LineageView } from './next-year.responses';
import { NextYearService } from './next-year.service';

@ApiTags('declarations')
@ApiBearerAuth()
@Controller('declarations')
export class NextYearController {
  constructor(
    @Inject(NextYearService) private readonly nextYear: NextYearService,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
  ) {}

  @Allow('declaration.write')
  @Post(':id/next-year')
  @ApiOperation({
    summary:
      "Next year's declaration from this one (a submitter of the owning department): a draft of year + 1 with the " +
      'latest approved header, funds, goals and indicators (targets, weights), linked to its source ' +
      '(previousDeclarationId; each indicator to the one it came from). The source must have been approved ' +
      '(approved, adjustment, monitoring, monitored, evaluation or closed): 409 NEXT_YEAR_SOURCE_NOT_APPROVED; ' +
      'one per project and year: 409 NEXT_YEAR_EXISTS naming the existing one (existingId)',
  })
  @ApiCreatedResponse({ type: DeclarationView, description: "next year's declaration" })
  @ApiErrors(['declarations', 'nextYear'], {
    403: 'not a submitter of the owning department',
    404: 'no such declaration in your scope',
    409: 'not approved yet, or next year already has a declaration of this project',
  })
  async create(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const created = await this.nextYear.create(ctx, parseId(id, 'id'));
    return this.declarations.view(ctx, created);
  }

  @Allow('declaration.read')
  @Get(':id/lineage')
  @ApiOperation({
    summary:
      "The project's declarations of the year before and after this one (each null when there is none in your scope)",
  })
  @ApiOkResponse({ type: LineageView })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  lineage(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.nextYear.lineage(ctx, parseId(id, 'id'));
  }
}
