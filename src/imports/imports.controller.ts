import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkResponse, ApiRawBody } from '../common/openapi';
import { ImportResult } from './imports.responses';
import { Allow } from '../auth/decorators';
import type { BodyTypesConfig } from '../common/body-check';
import { CommonErrors } from '../common/common.messages';
import { Ctx, type RequestContext } from '../common/request-context';
import { ImportErrors } from './imports.messages';
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
  @ApiRawBody('the summary table as text, or a file: the text, or an .xlsx export of this service', {
    'text/plain': { schema: { type: 'string' } },
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiOkResponse({ type: ImportResult })
  @ApiErrors(['imports', 'declarations'], {
    400: 'the table or workbook cannot be read (the line or cell is named), or a value is malformed',
    413: 'the upload is too large, or holds too much',
    415: 'neither text/plain nor multipart/form-data',
  })
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
      throw CommonErrors.FIELD_BOOLEAN({}, { field: 'dryRun' });
    return this.imports.import(ctx, await readSource(req), dryRun === 'true');
  }
}

/** The longest file name accepted (most file systems stop at 255). */
export const MAX_FILENAME_LENGTH = 255;

/**
 * The multipart file name goes into the audit trail (`imported from <name>`), so it must be
 * text that every database stores and every reader sees as it is: no NUL (PostgreSQL refuses
 * it: a 500), no other control character, no unpaired surrogate (not valid UTF-8), no
 * bidirectional override (it would make `gpj.xlsx` read backwards in the log), and not longer
 * than a file system allows. Refused, not silently changed: the user renames the file.
 */
export function checkFilename(name: string): string | undefined {
  if (name === '') return undefined;
  const reason =
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001F\u007F-\u009F]/.test(name)
      ? 'control'
      : /[\u202A-\u202E\u2066-\u2069]/.test(name)
        ? 'bidi'
        : /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)
          ? 'surrogate'
          : [...name].length > MAX_FILENAME_LENGTH
            ? 'length'
            : null;
  if (reason) throw ImportErrors.UPLOAD_BAD_FILENAME({ reason, max: MAX_FILENAME_LENGTH }, { field: 'file' });
  return name;
}

async function readSource(req: ImportRequest): Promise<ImportSource> {
  if (req.isMultipart?.()) {
    const file = await req.file!();
    if (!file) throw ImportErrors.UPLOAD_FILE_MISSING({}, { field: 'file' });
    // Read first, so the request body is consumed whatever the answer.
    const data = await file.toBuffer();
    return { data, filename: checkFilename(file.filename ?? '') };
  }
  if (typeof req.body === 'string') return { data: req.body };
  throw ImportErrors.UPLOAD_BODY_TYPE({}, { field: 'body' });
}
