import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import type { BodyTypesConfig } from '../common/body-check';
import { CommonErrors } from '../common/common.messages';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiRawBody, ApiXlsxResponse } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { xlsxFile } from '../exports/xlsx-response';
import { ImportErrors } from '../imports/imports.messages';
import {
  CreateLibraryProposalDto,
  LibraryEntryQuery,
  LibraryProposalQuery,
  LibraryTransitionDto,
} from './library.dto';
import { LibraryLineageService } from './library-lineage.service';
import {
  IndicatorLineageView,
  LibraryEntryPage,
  LibraryEntryView,
  LibraryImportResult,
  LibraryProposalList,
  LibraryProposalView,
} from './library.responses';
import { LibraryService } from './library.service';

interface UploadRequest {
  isMultipart?: () => boolean;
  file?: () => Promise<{ filename: string; toBuffer(): Promise<Buffer> } | undefined>;
}

@ApiTags('library')
@ApiBearerAuth()
@Controller()
export class LibraryController {
  constructor(
    @Inject(LibraryService) private readonly library: LibraryService,
    @Inject(LibraryLineageService) private readonly lineage: LibraryLineageService,
  ) {}

  @Allow('library.read')
  @Get('library/entries')
  @ApiOperation({
    summary:
      'The indicator library (指标库), by code: ?search= (words of the name or the code), ?level1=, ?level2=, ?sector=; ' +
      '?year= only the entries a declaration of that year may pick (in the library, valid that year); ?retired=true ' +
      'includes retired (出库) ones; ?limit= ?offset=. {items, matching}',
  })
  @ApiOkResponse({ type: LibraryEntryPage })
  @ApiErrors(['library'], { 400: 'a malformed filter' })
  entries(@Ctx() ctx: RequestContext, @Query() q: LibraryEntryQuery) {
    return this.library.listEntries(ctx, q);
  }

  @Allow('library.read')
  @Get('library/entries/:id')
  @ApiOperation({ summary: 'One library entry, retired or not' })
  @ApiOkResponse({ type: LibraryEntryView })
  @ApiErrors(['library'], { 404: 'no such entry' })
  entry(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.library.getEntry(ctx, parseId(id, 'id'));
  }

  @Allow('library.read')
  @Get('library/export.xlsx')
  @ApiOperation({
    summary: 'The whole library as a workbook (指标库.xlsx), retired entries marked; the import’s template',
  })
  @ApiXlsxResponse('指标库')
  @ApiErrors(['library'], {})
  async exportXlsx(@Ctx() ctx: RequestContext) {
    return xlsxFile(await this.library.exportXlsx(ctx), 'indicator-library.xlsx', '指标库.xlsx');
  }

  @Allow('library.read')
  @Get('library/proposals')
  @ApiOperation({
    summary:
      'Proposals to add (入库), change (修改) or retire (出库) entries, newest first: ?stage=open|proposed|firstApproved|applied|returned, ' +
      '?entryId=; each with what you may do now (actions)',
  })
  @ApiOkResponse({ type: LibraryProposalList })
  @ApiErrors(['library'], { 400: 'a malformed filter' })
  proposals(@Ctx() ctx: RequestContext, @Query() q: LibraryProposalQuery) {
    return this.library.listProposals(ctx, q);
  }

  @Allow('library.read')
  @Get('library/proposals/:id')
  @ApiOperation({ summary: 'One proposal' })
  @ApiOkResponse({ type: LibraryProposalView })
  @ApiErrors(['library'], { 404: 'no such proposal' })
  proposal(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.library.getProposal(ctx, parseId(id, 'id'));
  }

  @Allow('library.propose')
  @Post('library/proposals')
  @ApiOperation({
    summary:
      'Propose (bureau) to add an entry (operation add, every required field of entry), change one (change, entryId and the ' +
      'fields changed) or retire one (retire, entryId); it waits for two approvals by two other bureau reviewers; audited',
  })
  @ApiCreatedResponse({ type: LibraryProposalView })
  @ApiErrors(['library'], {
    400: 'a field is missing or malformed for the operation',
    404: 'no such entry',
    409: 'the code is taken, the entry is retired or already has an open proposal',
  })
  propose(@Ctx() ctx: RequestContext, @Body() dto: CreateLibraryProposalDto) {
    return this.library.propose(ctx, dto);
  }

  @Allow('library.decide')
  @Post('library/proposals/:id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'APPROVE (初审 when proposed, 复审 when first-approved: a second bureau reviewer, neither the proposer nor the first ' +
      'approver; the 复审 applies it to the library) or RETURN (a reason required) a proposal; audited in the same transaction',
  })
  @ApiOkResponse({ type: LibraryProposalView })
  @ApiErrors(['library'], {
    400: 'a return without reason, or a malformed field',
    403: 'the proposer, or the first approver at the second step',
    404: 'no such proposal',
    409: 'stale version, or the event is not possible in its state',
  })
  transition(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: LibraryTransitionDto) {
    return this.library.transition(ctx, parseId(id, 'id'), dto);
  }

  @Allow('library.propose')
  @Post('library/import')
  @RouteConfig({ bodyTypes: ['multipart/form-data'] } satisfies BodyTypesConfig)
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiRawBody('a workbook in the layout of GET /api/library/export.xlsx', {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiQuery({
    name: 'dryRun',
    required: false,
    description: 'true: say what it would propose, propose nothing',
  })
  @ApiOperation({
    summary:
      'Import the library workbook as proposals (bureau): a new code proposes 入库, a known one 修改 of the fields that ' +
      'differ; every cell checked first, a refusal names each row and column; all or nothing',
  })
  @ApiOkResponse({ type: LibraryImportResult })
  @ApiErrors(['library', 'imports', 'exports'], {
    400: 'the workbook is not the library’s, or cells are wrong (row and column named)',
    413: 'the upload is too large',
    415: 'not multipart/form-data',
  })
  async importXlsx(@Ctx() ctx: RequestContext, @Req() req: UploadRequest, @Query('dryRun') dryRun?: string) {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw CommonErrors.FIELD_BOOLEAN({}, { field: 'dryRun' });
    if (!req.isMultipart?.()) throw ImportErrors.UPLOAD_BODY_TYPE({}, { field: 'body' });
    const file = await req.file!();
    if (!file) throw ImportErrors.UPLOAD_FILE_MISSING({}, { field: 'file' });
    return this.library.importXlsx(ctx, await file.toBuffer(), dryRun === 'true');
  }

  @Allow('declaration.read')
  @Get('declarations/:id/indicator-lineage')
  @ApiOperation({
    summary:
      'For each library-linked indicator of the declaration, the same indicator in the project’s earlier years (copied ' +
      'forward, or the same project name in the department): the approved target, the actual (自评, else 监控) and the score',
  })
  @ApiOkResponse({ type: IndicatorLineageView })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  indicatorLineage(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.lineage.forDeclaration(ctx, parseId(id, 'id'));
  }
}
