import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthView } from './health.responses';
import { Public } from '../auth/decorators';
import { Db } from '../database/db.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(Db) private readonly db: Db) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Liveness and database: 200 {status:"ok", database:"up"}, 503 when the database is down',
  })
  @ApiOkResponse({ type: HealthView })
  @ApiResponse({ status: 503, type: HealthView, description: 'the database is down' })
  async health(@Res({ passthrough: true }) reply: { status(code: number): void }) {
    const up = await this.db.ping();
    if (!up) reply.status(503);
    return { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' };
  }
}
