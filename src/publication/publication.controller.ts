import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../auth/decorators';
import type { BodyTypesConfig } from '../common/body-check';
import { ApiErrors, ApiOkResponse, ApiRawBody, ApiXlsxResponse, ApiYearQuery } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { ExportsErrors } from '../exports/exports.messages';
import { XLSX_CONTENT_TYPE, xlsxFile } from '../exports/xlsx-response';
import { PublicRateLimitGuard } from './public-rate-limit';
import { PublicationDecisionDto, PublicVerifyDto } from './publication.dto';
import { PublicationErrors } from './publication.messages';
import { PublicationItemView, PublicationListView, PublicVerifyView } from './publication.responses';
import { PublicationService } from './publication.service';

interface MultipartFile {
  filename: string;
  toBuffer(): Promise<Buffer>;
}
interface UploadRequest {
  isMultipart?: () => boolean;
  file?: () => Promise<MultipartFile | undefined>;
}

/** `?year=2026`: a year from 2000 to 2100, given once. */
function parseYear(raw: unknown): number {
  if (raw === undefined || raw === '') throw ExportsErrors.EXPORT_YEAR_INVALID({}, { field: 'year' });
  const text = String(raw);
  const year = Number(text);
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw) || year < 2000 || year > 2100)
    throw ExportsErrors.EXPORT_YEAR_INVALID({ value: text }, { field: 'year' });
  return year;
}

/** The bureau's side of 绩效目标公开: the year's approved declarations and the decision on each. */
@ApiTags('publication')
@ApiBearerAuth()
@Controller('publications')
export class PublicationController {
  constructor(@Inject(PublicationService) private readonly publication: PublicationService) {}

  @Allow('publication.read')
  @Get()
  @ApiYearQuery()
  @ApiOperation({
    summary:
      "The year's approved declarations in your scope (绩效目标公开), each with its latest approved version, its content SHA-256 and the decision: published, not published (with 非公开原因) or undecided; the public table's addresses",
  })
  @ApiOkResponse({ type: PublicationListView })
  @ApiErrors(['exports'], { 400: 'the year is missing or malformed' })
  list(@Ctx() ctx: RequestContext, @Query('year') year: string) {
    return this.publication.list(ctx, parseYear(year));
  }

  @Allow('publication.manage')
  @Put(':id')
  @ApiOperation({
    summary:
      'Publish an approved declaration (published: true) or not (published: false with notPublishedReason); may be changed again at any time, each decision audited (publication.decided) with the version and content hash it concerns',
  })
  @ApiOkResponse({ type: PublicationItemView })
  @ApiErrors(['publication', 'declarations'], {
    400: 'published missing, a reason missing when not published, or given when published',
    404: 'no such declaration in your scope',
    409: 'not approved yet',
  })
  decide(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: PublicationDecisionDto) {
    return this.publication.decide(ctx, parseId(id, 'id'), dto);
  }
}

/**
 * The public side: the year's table as a workbook and as a static page, and its verification.
 * No login (anyone holding the table checks it), per address rate-limited (public-rate-limit.ts);
 * only published declarations and only the fields of the table are ever read.
 */
@ApiTags('public')
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public/targets')
export class PublicTargetsController {
  constructor(@Inject(PublicationService) private readonly publication: PublicationService) {}

  @Get('table.xlsx')
  @ApiYearQuery()
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOperation({
    summary:
      "The year's 绩效目标公开表 as a workbook, no login: each published project's header, funds, goals and indicators as approved, its content SHA-256 and the approval's audit event (chain, seq, hash)",
  })
  @ApiXlsxResponse('the public table')
  @ApiErrors(['exports', 'publication'], {
    400: 'the year is missing or malformed',
    429: 'too many requests',
  })
  async xlsx(@Query('year') yearRaw: string) {
    const year = parseYear(yearRaw);
    return xlsxFile(
      await this.publication.publicXlsx(year),
      `public-targets-${year}.xlsx`,
      `${year}年度绩效目标公开表.xlsx`,
    );
  }

  @Get('table.html')
  @ApiYearQuery()
  @ApiProduces('text/html')
  @ApiOperation({
    summary:
      'The same table as a static page (Chinese, printable, readable without scripts), no login; it embeds each canonical text for sha256sum (docs/publication.md)',
  })
  @ApiResponse({
    status: 200,
    description: 'the public page',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrors(['exports', 'publication'], {
    400: 'the year is missing or malformed',
    429: 'too many requests',
  })
  async html(@Query('year') yearRaw: string) {
    const year = parseYear(yearRaw);
    const body = Buffer.from(await this.publication.publicHtml(year), 'utf8');
    return new StreamableFile(body, {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename="public-targets-${year}.html"; filename*=UTF-8''${encodeURIComponent(`${year}年度绩效目标公开表.html`)}`,
      length: body.length,
    });
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Check rows' hashes without the table, no login: per row whether the content SHA-256 is the approved version's, the approval event is where the row says with that hash, and the declaration's audit chain verifies",
  })
  @ApiOkResponse({ type: PublicVerifyView })
  @ApiErrors(['publication'], { 400: 'a row is missing or malformed', 429: 'too many requests' })
  verify(@Ctx() ctx: RequestContext, @Body() dto: PublicVerifyDto) {
    return this.publication.verifyHashes(dto.rows, ctx.lang);
  }

  @Post('verify-file')
  @HttpCode(200)
  @RouteConfig({ bodyTypes: ['multipart/form-data'] } satisfies BodyTypesConfig)
  @ApiConsumes('multipart/form-data')
  @ApiRawBody('the public table as exported: .xlsx or .html', {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiOperation({
    summary:
      'Upload a public table (.xlsx or .html), no login: per row (project) whether it is exactly what was approved, naming each cell that differs and why in words',
  })
  @ApiOkResponse({ type: PublicVerifyView })
  @ApiErrors(['publication', 'imports', 'exports'], {
    400: 'no file, or not a public table',
    413: 'the upload is too large',
    415: 'not multipart/form-data',
    429: 'too many requests',
  })
  async verifyFile(@Ctx() ctx: RequestContext, @Req() req: UploadRequest) {
    if (!req.isMultipart?.())
      throw PublicationErrors.PUBLIC_TABLE_UNREADABLE(
        { why: '请用表单上传（multipart/form-data），文件字段名为 "file"' },
        { field: 'file' },
      );
    const file = await req.file!();
    if (!file)
      throw PublicationErrors.PUBLIC_TABLE_UNREADABLE(
        { why: '没有收到文件，文件字段名应为 "file"' },
        { field: 'file' },
      );
    const data = await file.toBuffer();
    return this.publication.verifyFile(data, file.filename, ctx.lang);
  }
}
