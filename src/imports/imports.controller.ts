import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import type { BodyTypesConfig } from '../common/body-check';
import { badRequest } from '../common/errors';
import { Ctx, type RequestContext } from '../common/request-context';
import { ImportsService, type ImportSource } from './imports.service';

interface MultipartFile {
  filename: string;
  toBuffer(): Promise<Buffer>;
}
interface ImportRequest {
  body?: unknown;
  headers: Record<string, string | undefined>;
  isMultipart?: () => boolean;
  file?: () => Promise<MultipartFile | undefined>;
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  @Allow('declaration.import')
  @Post('declarations')
  @RouteConfig({ bodyTypes: ['text/plain', 'multipart/form-data'] } satisfies BodyTypesConfig)
  @HttpCode(200)
  @ApiConsumes('text/plain', 'multipart/form-data')
  @ApiQuery({
    name: 'dryRun',
    required: false,
    description: 'true: preview every declaration and its findings, create nothing',
  })
  @ApiOperation({
    summary:
      'Import the summary-table text (text/plain body, or a multipart `file`), or our own .xlsx export (multipart): ' +
      '{declarations:[{projectName, indicatorCount, findings, id?}], created}; created as drafts of your department, all or nothing',
  })
  async import(@Ctx() ctx: RequestContext, @Req() req: ImportRequest, @Query('dryRun') dryRun?: string) {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw badRequest('dryRun: must be true or false');
    return this.imports.import(ctx, await readSource(req), dryRun === 'true');
  }
}

async function readSource(req: ImportRequest): Promise<ImportSource> {
  if (req.isMultipart?.()) {
    const file = await req.file!();
    if (!file) throw badRequest('file: send the table as a multipart field named "file"');
    return { data: await file.toBuffer(), filename: file.filename };
  }
  if (typeof req.body === 'string') return { data: req.body };
  throw badRequest('body: send the summary-table text as text/plain, or a file as multipart/form-data');
}
