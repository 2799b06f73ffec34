import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { CreateDelegationDto, DelegationCandidatesQuery, DelegationListQuery } from './delegations.dto';
import { DelegationCandidates, DelegationPage, DelegationView } from './delegations.responses';
import { DelegationsService } from './delegations.service';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(@Inject(DelegationsService) private readonly delegations: DelegationsService) {}

  @Allow('delegation.read')
  @Get()
  @ApiOperation({
    summary:
      'Substitutes (审核代理): a reviewer the delegations they gave or hold, an admin those of the reviewers of its ' +
      'department subtree; newest first, keyset pages {items, nextCursor}',
  })
  @ApiOkResponse({ type: DelegationPage })
  @ApiErrors(['delegations'], { 400: 'a malformed limit or cursor' })
  list(@Ctx() ctx: RequestContext, @Query() query: DelegationListQuery) {
    return this.delegations.list(ctx, query);
  }

  @Allow('delegation.read')
  @Get('candidates')
  @ApiOperation({
    summary:
      'Who may stand in for the principal (yourself; an admin names principalId) in a reviewer role: active users ' +
      'holding the role whose scope covers the principal’s',
  })
  @ApiOkResponse({ type: DelegationCandidates })
  @ApiErrors(['delegations'], {
    400: 'not a reviewer role',
    403: 'a reviewer asking for someone else, or beyond the admin’s reach',
    404: 'no such principal',
  })
  candidates(@Ctx() ctx: RequestContext, @Query() query: DelegationCandidatesQuery) {
    return this.delegations.candidates(ctx, query.role, query.principalId);
  }

  @Allow('delegation.manage')
  @Post()
  @ApiOperation({
    summary:
      'Name a substitute for a date range (a reviewer for themselves, an admin for a reviewer within its reach): same ' +
      'role, a scope that covers the principal’s; audited (delegation.created). During the range the substitute’s ' +
      'queue marks the principal’s items and each review action records onBehalfOf',
  })
  @ApiCreatedResponse({ type: DelegationView })
  @ApiErrors(['delegations'], {
    400: 'a field is malformed; the role is not held; the substitute is not eligible; the dates',
    403: 'a reviewer naming one for someone else, or beyond the admin’s reach',
    404: 'no such user',
    409: 'the principal already has a substitute for this role in those days',
  })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateDelegationDto) {
    return this.delegations.create(ctx, dto);
  }

  @Allow('delegation.manage')
  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'End a delegation early (the principal, the substitute or an admin within reach); audited (delegation.ended)',
  })
  @ApiOkResponse({ type: DelegationView })
  @ApiErrors(['delegations'], { 404: 'no such delegation in your sight', 409: 'already ended or expired' })
  end(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.delegations.end(ctx, parseId(id, 'id'));
  }
}
