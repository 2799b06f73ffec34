import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { OpenThreadDto, ReplyDto, ResolutionDto } from './comments.dto';
import { ChangesSinceReturn, CommentThreadList, CommentThreadView } from './comments.responses';
import { CommentsService } from './comments.service';

@ApiTags('comments')
@ApiBearerAuth()
@Controller('declarations/:id')
export class CommentsController {
  constructor(@Inject(CommentsService) private readonly comments: CommentsService) {}

  @Allow('comment.read')
  @Get('comments')
  @ApiOperation({
    summary:
      'The review comment threads of a declaration (审核意见), oldest first, each with its anchor, status, entries and what you may do on it; whether you may open one now',
  })
  @ApiOkResponse({ type: CommentThreadList })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  list(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.comments.list(ctx, parseId(id, 'id'));
  }

  @Allow('comment.write')
  @Post('comments')
  @ApiOperation({
    summary:
      'Open a thread on a header field or one indicator (the reviewer who may review it now, in a review state): 201 the thread; 409 COMMENT_THREAD_OPEN when that anchor has an open thread',
  })
  @ApiCreatedResponse({ type: CommentThreadView })
  @ApiErrors(['comments', 'declarations'], {
    400: 'the anchor, the indicator or the comment is missing or malformed',
    403: 'you are not the reviewer of this declaration at this stage',
    404: 'no such declaration in your scope',
    409: 'not under review, or the anchor already has an open thread',
  })
  open(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: OpenThreadDto) {
    return this.comments.open(ctx, parseId(id, 'id'), dto);
  }

  @Allow('comment.write')
  @Post('comments/:threadId/replies')
  @ApiOperation({
    summary:
      'Reply to a thread (its reviewer at this stage, or a submitter of the department): 201 the thread',
  })
  @ApiCreatedResponse({ type: CommentThreadView })
  @ApiErrors(['comments', 'declarations'], {
    400: 'the comment is missing or malformed',
    403: 'neither the reviewer at this stage nor a submitter of the department',
    404: 'no such declaration in your scope, or no such thread',
  })
  reply(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('threadId') threadId: string,
    @Body() dto: ReplyDto,
  ) {
    return this.comments.reply(ctx, parseId(id, 'id'), parseId(threadId, 'threadId'), dto.comment);
  }

  @Allow('comment.write')
  @Post('comments/:threadId/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Mark a thread resolved (the submitter, once it is fixed; or the reviewer at this stage), with an optional note: 200 the thread',
  })
  @ApiOkResponse({ type: CommentThreadView })
  @ApiErrors(['comments', 'declarations'], {
    400: 'the note is malformed',
    403: 'neither the reviewer at this stage nor a submitter of the department',
    404: 'no such declaration in your scope, or no such thread',
    409: 'already resolved',
  })
  resolve(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('threadId') threadId: string,
    @Body() dto: ResolutionDto,
  ) {
    return this.comments.resolve(ctx, parseId(id, 'id'), parseId(threadId, 'threadId'), dto.comment ?? null);
  }

  @Allow('comment.write')
  @Post('comments/:threadId/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen a resolved thread (the reviewer at this stage), with an optional note: 200 the thread',
  })
  @ApiOkResponse({ type: CommentThreadView })
  @ApiErrors(['comments', 'declarations'], {
    400: 'the note is malformed',
    403: 'you are not the reviewer of this declaration at this stage',
    404: 'no such declaration in your scope, or no such thread',
    409: 'the thread is open',
  })
  reopen(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('threadId') threadId: string,
    @Body() dto: ResolutionDto,
  ) {
    return this.comments.reopen(ctx, parseId(id, 'id'), parseId(threadId, 'threadId'), dto.comment ?? null);
  }

  @Allow('comment.read')
  @Get('changes-since-return')
  @ApiOperation({
    summary:
      'What changed since the last RETURN: the content as it was returned against the content now (header, funds, goals, indicators added/removed/changed), and the threads that RETURN carried with their status now',
  })
  @ApiOkResponse({ type: ChangesSinceReturn })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  changesSinceReturn(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.comments.changesSinceReturn(ctx, parseId(id, 'id'));
  }
}
