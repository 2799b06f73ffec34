import { applyDecorators, Get, Patch, Put, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiErrors, ApiOkResponse, ApiXlsxResponse } from '../common/openapi';
import type { Declaration } from '../declarations/declaration.entity';
import { XLSX_CONTENT_TYPE, xlsxFile } from '../exports/xlsx-response';

/**
 * The four routes every report has (read, replace, change, the printed form), declared once:
 * each controller names its paths and its words. The route × role matrix and the OpenAPI
 * document see them as if written out on each controller.
 */
export interface ReportRouteTexts {
  /** The error catalogue of the report (the OpenAPI document lists its codes). */
  module: 'monitoring' | 'evaluation';
  /** The phase in which it is edited, as the 409 names it. */
  reporting: string;
  /** The answer's schema. */
  view: Type;
  summaries: { get: string; put: string; patch: string };
  /** What the answer of a PUT and of a PATCH is. */
  saved: { put: string; patch: string };
  /** The body of a PUT (false) and of a PATCH (true), derived from the report's fields. */
  body: (patch: boolean) => Parameters<typeof ApiBody>[0];
  /** The printed form's name (项目支出绩效运行监控表) and its files' names. */
  form: string;
  fileName: (d: Declaration) => { ascii: string; chinese: string };
}

const NOT_FOUND = 'no such declaration in your scope';

const saveErrors = (t: ReportRouteTexts) =>
  ApiErrors([t.module, 'reports', 'workflow', 'declarations'], {
    400: 'a field or an entry is malformed (named in field)',
    404: NOT_FOUND,
    409: `the version is stale, or the state is not ${t.reporting}`,
  });

export const ReportRoute = {
  get: (path: string, t: ReportRouteTexts) =>
    applyDecorators(
      Allow('declaration.read'),
      Get(path),
      ApiOperation({ summary: t.summaries.get }),
      ApiOkResponse({ type: t.view }),
      ApiErrors([t.module, 'reports', 'declarations'], { 404: `${NOT_FOUND}, or not approved yet` }),
    ),
  put: (path: string, t: ReportRouteTexts) =>
    applyDecorators(
      Allow('report.write'),
      Put(path),
      ApiOperation({ summary: t.summaries.put }),
      ApiOkResponse({ type: t.view, description: t.saved.put }),
      saveErrors(t),
      ApiBody(t.body(false)),
    ),
  patch: (path: string, t: ReportRouteTexts) =>
    applyDecorators(
      Allow('report.write'),
      Patch(path),
      ApiOperation({ summary: t.summaries.patch }),
      ApiOkResponse({ type: t.view, description: t.saved.patch }),
      saveErrors(t),
      ApiBody(t.body(true)),
    ),
  exportXlsx: (path: string, t: ReportRouteTexts) =>
    applyDecorators(
      Allow('declaration.read'),
      Get(path),
      ApiOperation({ summary: `The ${t.form} as a workbook` }),
      ApiXlsxResponse(`the ${t.form}`),
      ApiErrors([t.module, 'reports', 'declarations'], { 404: `${NOT_FOUND}, or not approved yet` }),
      ApiProduces(XLSX_CONTENT_TYPE),
    ),
};

/** The answer of an export route: the workbook under the report's file names. */
export function reportWorkbookFile(
  t: ReportRouteTexts,
  { declaration, buffer }: { declaration: Declaration; buffer: Buffer },
) {
  const name = t.fileName(declaration);
  return xlsxFile(buffer, name.ascii, name.chinese);
}
