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
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import type { BodyTypesConfig } from '../common/body-check';
import { CommonErrors } from '../common/common.messages';
import { ApiErrors, ApiOkResponse, ApiRawBody } from '../common/openapi';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { MAX_INT } from '../common/validation';
import { checkFilename } from '../imports/imports.controller';
import { ATTACHMENT_KINDS } from '../common/attachment-kinds';
import { SavePreAssessmentDto } from './pre-assessments.dto';
import { PreAssessmentErrors } from './pre-assessments.messages';
import { PreAssessmentView } from './pre-assessments.responses';
import { PreAssessmentsService, type UploadedFile } from './pre-assessments.service';

interface MultipartFile {
  filename: string;
  toBuffer(): Promise<Buffer>;
}
interface UploadRequest {
  isMultipart?: () => boolean;
  file?: (opts?: { limits?: { fileSize?: number } }) => Promise<MultipartFile | undefined>;
}

@ApiTags('declarations')
@ApiBearerAuth()
@Controller('declarations/:id/pre-assessment')
export class PreAssessmentsController {
  constructor(@Inject(PreAssessmentsService) private readonly preAssessments: PreAssessmentsService) {}

  @Allow('declaration.read')
  @Get()
  @ApiOperation({
    summary:
      'The pre-assessment (事前绩效评估, 中发〔2018〕34号): whether SUBMIT needs one and why (a new project at or above the ' +
      'threshold, or a recurring one whose annual request grew more than the share), the recorded one (five opinions, ' +
      'conclusion, attachment), the one kept with the latest approved version, and whether you may change it now',
  })
  @ApiOkResponse({ type: PreAssessmentView })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.preAssessments.get(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.write')
  @Put()
  @ApiOperation({
    summary:
      'Record or change the pre-assessment (a submitter of the owning department, while the declaration is 编制中 ' +
      'before its first approval): an opinion on each of the five dimensions and the conclusion (通过 / 部分通过 / ' +
      '不通过; 不通过 blocks SUBMIT as PRE_ASSESSMENT_REJECTED); audited (pre_assessment.saved); the declaration version moves on',
  })
  @ApiOkResponse({ type: PreAssessmentView })
  @ApiErrors(['preAssessments', 'declarations', 'workflow'], {
    400: 'an opinion or the conclusion is missing or malformed',
    403: 'not a submitter of the owning department',
    404: 'no such declaration in your scope',
    409: 'the version is stale, or the declaration is not a draft before its first approval',
  })
  save(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: SavePreAssessmentDto) {
    return this.preAssessments.save(ctx, parseId(id, 'id'), dto);
  }

  @Allow('declaration.write')
  @Post('attachment')
  @HttpCode(200)
  @RouteConfig({ bodyTypes: ['multipart/form-data'] } satisfies BodyTypesConfig)
  @ApiConsumes('multipart/form-data')
  @ApiRawBody('the assessment report: PDF, Word, Excel, OFD, JPG or PNG', {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiQuery({ name: 'version', required: true, description: 'the declaration version you read' })
  @ApiOperation({
    summary:
      'Attach the assessment report to the recorded pre-assessment (replaces the current one; earlier files stay for ' +
      'the approved versions that name them). Checked by extension and content; audited with its SHA-256 ' +
      '(pre_assessment.attachment_uploaded); the declaration version moves on',
  })
  @ApiOkResponse({ type: PreAssessmentView })
  @ApiErrors(['preAssessments', 'declarations', 'workflow'], {
    400: 'no file, an empty file, a bad file name or version',
    403: 'not a submitter of the owning department',
    404: 'no such declaration in your scope',
    409: 'the version is stale, no pre-assessment recorded yet, or not a draft before its first approval',
    413: 'the file is larger than the limit',
    415: 'not an accepted kind of file, or its content does not match its name; or not multipart/form-data',
  })
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query('version') version: string | undefined,
    @Req() req: UploadRequest,
  ) {
    const declarationId = parseId(id, 'id');
    const v = parseVersion(version);
    const file = await this.readFile(req);
    return this.preAssessments.upload(ctx, declarationId, v, file);
  }

  @Allow('declaration.read')
  @Get('attachments/:attachmentId')
  @ApiOperation({
    summary:
      "Download an attachment of the declaration's pre-assessment (the current one, or one an approved version names), " +
      'as the kind it was checked to be, always as a download',
  })
  @ApiResponse({
    status: 200,
    description: 'the file (a download: Content-Disposition names it)',
    // Served as the kind it was checked to be: one of the accepted kinds' types.
    content: Object.fromEntries(
      [...new Set(ATTACHMENT_KINDS.map((k) => k.contentType))].map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    ),
  })
  @ApiErrors(['preAssessments', 'declarations'], {
    404: 'no such declaration in your scope, or no such attachment',
  })
  async download(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
  ) {
    const f = await this.preAssessments.download(
      ctx,
      parseId(id, 'id'),
      parseId(attachmentId, 'attachmentId'),
    );
    const ext = /\.[A-Za-z0-9]+$/.exec(f.filename)?.[0] ?? '';
    const disposition = `attachment; filename="pre-assessment-${parseId(attachmentId, 'attachmentId')}${ext}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`;
    return new StreamableFile(f.data, { type: f.contentType, disposition, length: f.data.length });
  }

  /** The multipart `file`, cut at the attachment limit (413 naming it). */
  private async readFile(req: UploadRequest): Promise<UploadedFile> {
    if (!req.isMultipart?.())
      throw PreAssessmentErrors.PRE_ASSESSMENT_ATTACHMENT_MISSING({}, { field: 'file' });
    const max = this.preAssessments.attachmentMaxBytes;
    const file = await req.file!({ limits: { fileSize: max } });
    if (!file) throw PreAssessmentErrors.PRE_ASSESSMENT_ATTACHMENT_MISSING({}, { field: 'file' });
    let data: Buffer;
    try {
      data = await file.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw PreAssessmentErrors.PRE_ASSESSMENT_ATTACHMENT_TOO_LARGE(
          { maxMb: (max / 1024 / 1024).toFixed(1) },
          { field: 'file' },
        );
      throw e;
    }
    const filename = checkFilename(file.filename ?? '') ?? '';
    return { filename, data };
  }
}

function parseVersion(raw: string | undefined): number {
  const s = String(raw ?? '');
  if (!/^[1-9]\d{0,9}$/.test(s) || Number(s) > MAX_INT)
    throw CommonErrors.FIELD_VERSION({}, { field: 'version' });
  return Number(s);
}
