import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiProperty, ApiQuery, ApiResponse, type ApiPropertyOptions } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

// The success decorators with the others, so a controller imports its document's pieces from one place.
export { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { messageCodes } from './i18n';

/**
 * The pieces every module uses to describe its answers in the OpenAPI document (issue 13,
 * item 7): typed properties for the kinds of value the API exchanges (money and scores as
 * decimal strings, dates, timestamps, enumerations, texts that may be null), the one error
 * body, and the error codes of each operation, read from the modules' catalogues when the
 * document is built (`completeDocument`).
 */

// ---------------------------------------------------------------------------------------
// Kinds of value
// ---------------------------------------------------------------------------------------

/** Money as the API answers it: yuan with exactly two decimals ("491254500.00"). */
export const MONEY_PATTERN = '^-?\\d{1,15}\\.\\d{2}$';
/** Money as a client may send it: up to 15 digits, at most 2 decimals, never negative. */
export const MONEY_INPUT_PATTERN = '^\\d{1,15}(\\.\\d{1,2})?$';
/** A score, weight or percentage computed by the service: two decimals ("16.67", "58.33"). */
export const DECIMAL2_PATTERN = '^-?\\d+\\.\\d{2}$';
/** An indicator's 分值 as written: 0 to 999 with at most 2 decimals ("12.50"). */
export const WEIGHT_PATTERN = '^\\d{1,3}(\\.\\d{1,2})?$';
/** Any decimal number written as text (`format: decimal`). */
export const DECIMAL_FORMAT_PATTERN = '^-?\\d+(\\.\\d+)?$';

/**
 * For request DTOs (spread into their `@ApiProperty`): emitDecoratorMetadata gives `Object` for
 * `string | null`, which the document would type as an object.
 */
export const TEXT_OR_NULL = { type: String, nullable: true } as const;
export const DATE_OR_NULL = { type: String, format: 'date', nullable: true } as const;
export const MONEY_SCHEMA = {
  type: String,
  format: 'decimal',
  pattern: MONEY_INPUT_PATTERN,
  nullable: true,
} as const;
export const WEIGHT_SCHEMA = {
  type: String,
  format: 'decimal',
  pattern: WEIGHT_PATTERN,
  nullable: true,
} as const;

/** What the typed properties below take besides their kind. */
export interface Opts {
  description?: string;
  nullable?: boolean;
  required?: boolean;
  readOnly?: boolean;
  isArray?: boolean;
  example?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}
const prop = (o: object) => ApiProperty(o as ApiPropertyOptions);

/** Money, answered (two decimals). */
export const MoneyProperty = (o: Opts = {}) =>
  prop({ type: String, format: 'decimal', pattern: MONEY_PATTERN, example: '491254500.00', ...o });

/** A computed score, weight or percentage with two decimals. */
export const Decimal2Property = (o: Opts = {}) =>
  prop({ type: String, format: 'decimal', pattern: DECIMAL2_PATTERN, example: '95.00', ...o });

/** A calendar date, YYYY-MM-DD. */
export const DateProperty = (o: Opts = {}) =>
  prop({ type: String, format: 'date', example: '2026-01-01', ...o });

/** An instant, ISO 8601 in UTC (`2026-03-01T08:00:00.000Z`). */
export const TimestampProperty = (o: Opts = {}) =>
  prop({ type: String, format: 'date-time', example: '2026-03-01T08:00:00.000Z', ...o });

/** Text (give `nullable: true` where the answer may hold null). */
export const TextProperty = (o: Opts = {}) => prop({ type: String, ...o });

/** A whole number (ids, versions, counts). */
export const IntProperty = (o: Opts = {}) => prop({ type: 'integer', ...o });

/** One value of an enumeration (`isArray: true` for a list of them). */
export const EnumProperty = (values: readonly string[], o: Opts = {}) =>
  prop({ type: String, enum: [...values], ...o });

/**
 * Any JSON value (an audit record's before and after, a version diff's values): text, number,
 * true/false, a list or an object, or null.
 */
export const JSON_VALUE_SCHEMA = {
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};
export const JsonValueProperty = (o: Omit<Opts, 'nullable'> = {}) => prop({ ...JSON_VALUE_SCHEMA, ...o });

// ---------------------------------------------------------------------------------------
// Bodies that are not JSON
// ---------------------------------------------------------------------------------------

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook download (200, binary, with a Content-Disposition file name). */
export const ApiXlsxResponse = (description: string) =>
  ApiResponse({
    status: 200,
    description: `${description} (a download: Content-Disposition names the file)`,
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  });

/** A CSV download (200, UTF-8 text with a byte-order mark). */
export const ApiCsvResponse = (description: string) =>
  ApiResponse({
    status: 200,
    description,
    content: { 'text/csv': { schema: { type: 'string' } } },
  });

/**
 * A request body that is not JSON, per content type (Nest's ApiBody gives every consumed type
 * the same schema): moved into `requestBody` by completeDocument.
 */
export const ApiRawBody = (description: string, content: Record<string, { schema: object }>) =>
  ApiExtension(EXT_REQUEST, { description, required: true, content });
const EXT_REQUEST = 'x-request-body';

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

export const ERROR_SCHEMA = 'ApiError';
const ERROR_REF = { $ref: `#/components/schemas/${ERROR_SCHEMA}` };

/** The one error body (common/errors.ts `AppError.body`). */
const ERROR_COMPONENT = {
  type: 'object',
  description:
    'Every error answer: a stable `code` that clients branch on, the message in the language of the request ' +
    '(Chinese by default, English with Accept-Language: en), the field it is about, and, for several problems ' +
    'of one request, each of them (the first ten). Some errors add facts of their own (currentVersion, findings, ' +
    'requestId, retryAt).',
  required: ['statusCode', 'error', 'code', 'message'],
  additionalProperties: true,
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', description: 'the HTTP reason phrase', example: 'Bad Request' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', example: 'FIELD_MONEY' },
    message: { type: 'string', example: '年度资金申请总额：须为金额，最多两位小数，如 "154280000.00"' },
    field: { type: 'string', description: 'the field or place, e.g. funds.total, indicators[3].target' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
          field: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    currentVersion: { type: 'integer', description: 'with a stale version: the version to reload' },
    requestId: { type: 'string', description: 'with a server error: the request to look up in the logs' },
  },
};

const EXT_MODULES = 'x-error-modules';
export const EXT_CODES = 'x-error-codes';

/**
 * The refusals of an operation besides 401/403 (which `Allow` declares): for each status, when
 * it happens. `modules` are the catalogues (`defineErrors('<module>', …)`) whose codes of those
 * statuses the operation may answer with; the codes are listed per status in `x-error-codes`
 * and in the response's description when the document is built, so a new code in a catalogue
 * is documented without a change here.
 */
export function ApiErrors(modules: readonly string[], statuses: Record<number, string>) {
  return applyDecorators(
    ApiExtension(EXT_MODULES, [...modules]),
    ...Object.entries(statuses).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, schema: ERROR_REF }),
    ),
  );
}

/** Common codes by what an operation takes in (derived from the operation itself). */
const COMMON_BODY = (code: string) =>
  /^(FIELD_|BODY_|JSON_)/.test(code) || ['VALIDATION_FAILED', 'TEXT_INVALID_CHARACTER'].includes(code);
const COMMON_PAGING = ['LIMIT_INVALID', 'CURSOR_INVALID'];
const COMMON_ID = ['ID_INVALID'];
const COMMON_QUERY = ['QUERY_REPEATED', 'TEXT_INVALID_CHARACTER'];

interface Operation {
  parameters?: Array<{ in?: string; name?: string; schema?: object }>;
  requestBody?: { content?: Record<string, unknown> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  [ext: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Refusals of the guards (no valid token, a role that may not): the auth catalogue's. */
const AUTH_STATUSES = new Set([401, 403]);

/**
 * Completes the document Nest built: the shared error schema, every 4xx answer with it, the
 * codes of each status from the catalogues (`x-error-codes`, and in words in the description),
 * and a `default` answer for what any operation may meet (a body too large, the database
 * down). Run on every document the app serves or a test reads.
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas[ERROR_SCHEMA] = ERROR_COMPONENT as never;
  const catalogue = messageCodes().filter((c) => c.status !== undefined);
  const codesOf = (pick: (c: { code: string; module: string; status?: number }) => boolean) =>
    catalogue.filter(pick).map((c) => c.code);
  const commonDefault = codesOf(
    (c) => c.module === 'common' && (c.status ?? 0) !== 400 && c.code !== 'ROUTE_NOT_FOUND',
  );

  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const modules = (op[EXT_MODULES] as string[] | undefined) ?? [];
      delete op[EXT_MODULES];
      if (op[EXT_REQUEST]) {
        op.requestBody = op[EXT_REQUEST] as Operation['requestBody'];
        delete op[EXT_REQUEST];
      }
      // Every path parameter of this API is an id or a version number (parseId).
      for (const p of op.parameters ?? [])
        if (p.in === 'path') p.schema = { type: 'integer', minimum: 1, maximum: 2_147_483_647 };
      const params = op.parameters ?? [];
      const hasBody = Boolean(op.requestBody?.content?.['application/json']);
      const hasId = params.some((p) => p.in === 'path');
      const query = params.filter((p) => p.in === 'query').map((p) => p.name);
      const paging = query.includes('limit') || query.includes('cursor');
      const common400 = new Set<string>([
        ...(hasBody ? codesOf((c) => c.module === 'common' && c.status === 400 && COMMON_BODY(c.code)) : []),
        ...(hasId ? COMMON_ID : []),
        ...(paging ? COMMON_PAGING : []),
        ...(query.length ? COMMON_QUERY : []),
      ]);
      if (common400.size && !op.responses['400'])
        op.responses['400'] = { description: 'a parameter or a field of the body is malformed' };

      const listed: Record<string, string[]> = {};
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^4\d\d$/.test(status)) continue;
        response.content = { 'application/json': { schema: ERROR_REF } };
        const s = Number(status);
        const codes = [
          ...(s === 400 ? [...common400] : []),
          ...codesOf(
            (c) =>
              c.status === s &&
              (modules.includes(c.module) ||
                (AUTH_STATUSES.has(s) && c.module === 'auth') ||
                // The common catalogue's other refusals of this status (its 400s go by what the operation takes in).
                (c.module === 'common' && s !== 400 && c.code !== 'ROUTE_NOT_FOUND')),
          ),
        ].filter((c, i, all) => all.indexOf(c) === i);
        listed[status] = codes;
        if (codes.length) response.description = `${response.description ?? ''} — codes: ${codes.join(', ')}`;
      }
      op.responses.default = {
        description: `any other error, in the same body — codes: ${commonDefault.join(', ')}`,
        content: { 'application/json': { schema: ERROR_REF } },
      };
      listed.default = commonDefault;
      op[EXT_CODES] = listed;
    }
  }
  return doc;
}

/** The `year` query parameter of a route about one year (2000 to 2100). */
export const ApiYearQuery = () =>
  ApiQuery({
    name: 'year',
    required: true,
    schema: { type: 'integer', minimum: 2000, maximum: 2100, example: 2026 },
  });
