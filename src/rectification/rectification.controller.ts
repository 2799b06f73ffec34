import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import type { BodyTypesConfig } from '../common/body-check';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiRawBody } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { checkFilename } from '../imports/imports.controller';
import { ImportErrors } from '../imports/imports.messages';
import {
  AcceptRectificationDto,
  CloseRectificationDto,
  CreateRectificationDto,
  EditRectificationDto,
  RectificationListQuery,
  ReopenRectificationDto,
} from './rectification.dto';
import { RectificationErrors } from './rectification.messages';
import { DeclarationRectifications, RectificationPage, RectificationView } from './rectification.responses';
import { RectificationService } from './rectification.service';

interface MultipartFile {
  filename: string;
  mimetype: string;
  toBuffer(): Promise<Buffer>;
}
interface UploadRequest {
  isMultipart?: () => boolean;
  file?: () => Promise<MultipartFile | undefined>;
}

const STEP_ERRORS = {
  400: 'the evidence or reason is blank; a field is malformed',
  403: 'not yours to take (the department closes, the bureau accepts and reopens)',
  404: 'no such item in your sight',
  409: 'the item is not in a state for this step, or its version is stale',
};

@ApiTags('rectification')
@ApiBearerAuth()
@Controller()
export class RectificationController {
  constructor(@Inject(RectificationService) private readonly rectification: RectificationService) {}

  @Allow('rectification.read')
  @Get('rectifications')
  @ApiOperation({
    summary:
      'Rectification items (整改事项) in your scope, nearest due day first: filters year, departmentId (and below), ' +
      'status (open 整改中 / closed 待验收 / accepted 已验收), overdue, declarationId; with the counts per status',
  })
  @ApiOkResponse({ type: RectificationPage })
  @ApiErrors(['rectification', 'queues'], { 400: 'a malformed filter, limit or cursor' })
  list(@Ctx() ctx: RequestContext, @Query() query: RectificationListQuery) {
    return this.rectification.list(ctx, query);
  }

  @Allow('rectification.read')
  @Get('rectifications/:id')
  @ApiOperation({ summary: 'One rectification item, with the steps you may take now' })
  @ApiOkResponse({ type: RectificationView })
  @ApiErrors(['rectification'], { 404: 'no such item in your sight' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.rectification.get(ctx, parseId(id, 'id'));
  }

  @Allow('rectification.read')
  @Get('declarations/:id/rectifications')
  @ApiOperation({
    summary:
      'The rectification items not accepted yet of this declaration’s project: its own and those of its earlier ' +
      'years (the declaration it was copied from, or the same department and project name): what next year’s form ' +
      'and its reviewer see',
  })
  @ApiOkResponse({ type: DeclarationRectifications })
  @ApiErrors(['rectification', 'declarations'], { 404: 'no such declaration in your sight' })
  forDeclaration(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.rectification.forDeclaration(ctx, parseId(id, 'id'));
  }

  @Allow('rectification.manage')
  @Post('rectifications')
  @ApiOperation({
    summary:
      'The bureau adds an item to a declaration whose self-evaluation it approved (state closed); responsible ' +
      'defaults to the owning department, dueOn to the configured days from today; audited (rectification.opened)',
  })
  @ApiCreatedResponse({ type: RectificationView })
  @ApiErrors(['rectification', 'declarations'], {
    400: 'a field is blank or malformed; the due day is past',
    404: 'no such declaration in your sight',
    409: 'the declaration’s self-evaluation is not approved',
  })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateRectificationDto) {
    return this.rectification.create(ctx, dto);
  }

  @Allow('rectification.manage')
  @Patch('rectifications/:id')
  @ApiOperation({
    summary:
      'The bureau edits an open item: problem, requiredAction, responsible, dueOn; audited (rectification.edited)',
  })
  @ApiOkResponse({ type: RectificationView })
  @ApiErrors(['rectification'], {
    ...STEP_ERRORS,
    400: 'nothing to change; a field is blank or malformed; the due day is past',
  })
  edit(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: EditRectificationDto) {
    return this.rectification.edit(ctx, parseId(id, 'id'), dto);
  }

  @Allow('rectification.close')
  @Post('rectifications/:id/close')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The owning department’s submitter closes an open item with its evidence (upload a file first, PUT …/attachment); ' +
      'it awaits the bureau’s acceptance; audited (rectification.closed)',
  })
  @ApiOkResponse({ type: RectificationView })
  @ApiErrors(['rectification'], STEP_ERRORS)
  close(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: CloseRectificationDto) {
    return this.rectification.close(ctx, parseId(id, 'id'), dto);
  }

  @Allow('rectification.manage')
  @Post('rectifications/:id/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The bureau accepts a closed item (已验收, final); audited (rectification.accepted)',
  })
  @ApiOkResponse({ type: RectificationView })
  @ApiErrors(['rectification'], STEP_ERRORS)
  accept(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: AcceptRectificationDto) {
    return this.rectification.accept(ctx, parseId(id, 'id'), dto);
  }

  @Allow('rectification.manage')
  @Post('rectifications/:id/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The bureau sends a closed item back to 整改中 with a reason; audited (rectification.reopened)',
  })
  @ApiOkResponse({ type: RectificationView })
  @ApiErrors(['rectification'], STEP_ERRORS)
  reopen(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: ReopenRectificationDto) {
    return this.rectification.reopen(ctx, parseId(id, 'id'), dto);
  }

  @Allow('rectification.close')
  @Put('rectifications/:id/attachment')
  @RouteConfig({ bodyTypes: ['multipart/form-data'] } satisfies BodyTypesConfig)
  @ApiConsumes('multipart/form-data')
  @ApiRawBody('the evidence file (pdf, jpg, png, doc(x), xls(x), zip, ofd), at most 5 MB by default', {
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
      'The evidence file of an open item (whoever may close it); a new upload replaces it; audited with its SHA-256 ' +
      '(rectification.attached)',
  })
  @ApiOkResponse({ type: RectificationView })
  @ApiErrors(['rectification', 'imports'], {
    ...STEP_ERRORS,
    400: 'no file, an empty file, or a bad file name',
    413: 'the file is too large',
    415: 'not multipart, or a file type that is not accepted',
  })
  async upload(@Ctx() ctx: RequestContext, @Param('id') id: string, @Req() req: UploadRequest) {
    const itemId = parseId(id, 'id');
    if (!req.isMultipart?.())
      throw RectificationErrors.RECTIFICATION_UPLOAD_NOT_MULTIPART({}, { field: 'body' });
    const file = await req.file!();
    if (!file) throw ImportErrors.UPLOAD_FILE_MISSING({}, { field: 'file' });
    const data = await file.toBuffer();
    const filename = checkFilename(file.filename ?? '') ?? '';
    return this.rectification.upload(ctx, itemId, { filename, mimetype: file.mimetype ?? '', data });
  }

  @Allow('rectification.read')
  @Get('rectifications/:id/attachment')
  @ApiResponse({
    status: 200,
    description: 'the file as uploaded (a download: Content-Disposition names the file)',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary:
      'The evidence file of an item, as uploaded; always sent as application/octet-stream (an upload is never ' +
      'shown inline), its declared type in the item’s attachment.contentType',
  })
  @ApiErrors(['rectification'], { 404: 'no such item in your sight, or it has no file' })
  async download(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const f = await this.rectification.attachment(ctx, parseId(id, 'id'));
    const ascii = f.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return new StreamableFile(f.data, {
      type: 'application/octet-stream',
      disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
      length: f.data.length,
    });
  }
}
