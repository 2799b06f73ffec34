import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../auth/decorators';
import { ApiErrors, ApiOkResponse } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { NotificationStream, tokenExpiry } from './notification-stream';
import { DeliveryQuery, InboxQuery, NotificationSettingsDto } from './notifications.dto';
import {
  DeliveryPage,
  MarkedAllReadView,
  MarkedReadView,
  NotificationPage,
  NotificationSettingsView,
  RequeuedView,
  UnreadCountView,
} from './notifications.responses';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(NotificationStream) private readonly stream: NotificationStream,
  ) {}

  @Allow('notification.read')
  @Get()
  @ApiOperation({
    summary:
      'Your messages, newest first: {items, nextCursor, unreadCount}. Each: kind, title and body in your language, the console page it is about (link), read or not. ?unread=true|false',
  })
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(['notifications'], { 400: 'a malformed filter, limit or cursor' })
  list(@Ctx() ctx: RequestContext, @Query() query: InboxQuery) {
    return this.notifications.list(ctx, query);
  }

  @Allow('notification.read')
  @Get('unread-count')
  @ApiOperation({ summary: 'How many of your messages are unread: {unreadCount}' })
  @ApiOkResponse({ type: UnreadCountView })
  async unreadCount(@Ctx() ctx: RequestContext) {
    return { unreadCount: await this.notifications.unreadCount(ctx.user.id) };
  }

  @Allow('notification.read')
  @Get('stream')
  @ApiOperation({
    summary:
      'Server-Sent Events of your inbox: `unread` {unreadCount} at once and on every change, `notification` (a message as in the list) for each new one; ' +
      'a comment line as heartbeat. Authenticated by the bearer header like every route (the console reads it with fetch); ends when the token expires',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'the stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async live(
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The stream writes the response itself, for as long as it stays open.
    reply.hijack();
    await this.stream.serve(
      ctx.user,
      ctx.lang,
      { req: req.raw, res: reply.raw },
      tokenExpiry(req.headers.authorization),
      String(req.id),
      () => this.notifications.unreadCount(ctx.user.id),
    );
  }

  @Allow('notification.write')
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    summary: "Mark one of your messages read: {notification, unreadCount}; another user's is 404",
  })
  @ApiOkResponse({ type: MarkedReadView })
  @ApiErrors(['notifications'], { 400: 'the id is malformed', 404: 'no such message of yours' })
  markRead(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.notifications.markRead(ctx, parseId(id, 'id'));
  }

  @Allow('notification.write')
  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your messages read: {marked, unreadCount}' })
  @ApiOkResponse({ type: MarkedAllReadView })
  markAllRead(@Ctx() ctx: RequestContext) {
    return this.notifications.markAllRead(ctx);
  }

  @Allow('notification.read')
  @Get('settings')
  @ApiOperation({ summary: 'Your email address for notifications, and whether the service sends email' })
  @ApiOkResponse({ type: NotificationSettingsView })
  settings(@Ctx() ctx: RequestContext) {
    return this.notifications.settings(ctx);
  }

  @Allow('notification.write')
  @Put('settings')
  @ApiOperation({ summary: 'Set or clear (null) your email address for notifications; audited' })
  @ApiOkResponse({ type: NotificationSettingsView })
  @ApiErrors(['notifications', 'org'], { 400: 'not an email address' })
  setSettings(@Ctx() ctx: RequestContext, @Body() dto: NotificationSettingsDto) {
    return this.notifications.setOwnEmail(ctx, dto.email ?? null);
  }

  @Allow('notification.deliveries')
  @Get('deliveries')
  @ApiOperation({
    summary:
      "Admin: the notification emails of your department's users by state (dead letters by default): recipient, address, attempts, last error. Never what they say",
  })
  @ApiOkResponse({ type: DeliveryPage })
  @ApiErrors(['notifications'], { 400: 'a malformed status, limit or cursor' })
  deliveries(@Ctx() ctx: RequestContext, @Query() query: DeliveryQuery) {
    return this.notifications.deliveries(ctx, query);
  }

  @Allow('notification.deliveries')
  @Post('deliveries/:id/requeue')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: send a dead letter again (its attempts from zero); audited' })
  @ApiOkResponse({ type: RequeuedView })
  @ApiErrors(['notifications'], { 400: 'the id is malformed', 404: 'no such dead letter among your users' })
  requeue(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.notifications.requeue(ctx, parseId(id, 'id'));
  }
}
