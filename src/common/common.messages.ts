import { defineErrors, type L } from './errors';
import { defineFieldLabels, defineMessages, type Lang } from './i18n';

/**
 * The catalogue of the common pieces: a request's shape and text, fields of any form,
 * pagination, money and dates, and what the framework or the database refuse. Each module
 * keeps its own catalogue beside its code (`<module>.messages.ts`); codes are global.
 */

const list = (values: readonly string[], lang: Lang) => values.join(lang === 'zh' ? '、' : ', ');

/** `U+0007` described in words (what a person can act on). */
export function characterName(codePoint: number, lang: Lang): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (lang === 'zh') {
    if (codePoint === 0) return `${hex}（空字符 NUL）`;
    if (codePoint < 0x20) return `${hex}（控制字符；只允许制表符和换行）`;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `${hex}（不成对的代理字符）`;
    return `${hex}（非字符）`;
  }
  if (codePoint === 0) return `${hex} (the NUL character)`;
  if (codePoint < 0x20)
    return `${hex} (a control character; only tab, line feed and carriage return are allowed)`;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `${hex} (half of a surrogate pair, alone)`;
  return `${hex} (a noncharacter)`;
}

const n = (value: number, lang: Lang) => value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

export const CommonMessages = defineMessages('common', {
  MORE_PROBLEMS: {
    zh: (p: L<{ count: number }>) => `；另有 ${p.count} 个问题未列出`,
    en: (p: L<{ count: number }>) => `; and ${p.count} more problem${p.count === 1 ? '' : 's'}`,
  },
});

export const CommonErrors = defineErrors('common', {
  // Fields of any form (class-validator and the shared decorators of validation.ts).
  FIELD_REQUIRED: { status: 400, zh: (p: L) => `${p.label}：必须填写`, en: (p: L) => `${p.label}: required` },
  FIELD_UNKNOWN: {
    status: 400,
    zh: (p: L) => `${p.label}：不是此处可接受的字段`,
    en: (p: L) => `${p.label}: unknown field`,
  },
  FIELD_NOT_NULL: {
    status: 400,
    zh: (p: L) => `${p.label}：不能为 null（不修改时请不要发送该字段）`,
    en: (p: L) => `${p.label}: must not be null (leave it out to keep it as it is)`,
  },
  FIELD_TEXT: { status: 400, zh: (p: L) => `${p.label}：须为文本`, en: (p: L) => `${p.label}: must be text` },
  FIELD_NOT_BLANK: {
    status: 400,
    zh: (p: L) => `${p.label}：不能为空`,
    en: (p: L) => `${p.label}: must not be blank`,
  },
  FIELD_TOO_LONG: {
    status: 400,
    zh: (p: L<{ max: number }>) => `${p.label}：不能超过 ${p.max} 个字符`,
    en: (p: L<{ max: number }>) => `${p.label}: at most ${p.max} characters`,
  },
  FIELD_TOO_SHORT: {
    status: 400,
    zh: (p: L<{ min: number }>) => `${p.label}：至少 ${p.min} 个字符`,
    en: (p: L<{ min: number }>) => `${p.label}: at least ${p.min} characters`,
  },
  FIELD_INTEGER: {
    status: 400,
    zh: (p: L) => `${p.label}：须为整数`,
    en: (p: L) => `${p.label}: must be a whole number`,
  },
  FIELD_NUMBER: {
    status: 400,
    zh: (p: L) => `${p.label}：须为数字`,
    en: (p: L) => `${p.label}: must be a number`,
  },
  FIELD_RANGE: {
    status: 400,
    zh: (p: L<{ min: number; max: number }>) => `${p.label}：须在 ${p.min} 到 ${p.max} 之间`,
    en: (p: L<{ min: number; max: number }>) => `${p.label}: must be from ${p.min} to ${p.max}`,
  },
  FIELD_MIN: {
    status: 400,
    zh: (p: L<{ min: number }>) => `${p.label}：不能小于 ${p.min}`,
    en: (p: L<{ min: number }>) => `${p.label}: must be at least ${p.min}`,
  },
  FIELD_MAX: {
    status: 400,
    zh: (p: L<{ max: number }>) => `${p.label}：不能大于 ${p.max}`,
    en: (p: L<{ max: number }>) => `${p.label}: must be at most ${p.max}`,
  },
  FIELD_ID: {
    status: 400,
    zh: (p: L) => `${p.label}：须为有效的编号（正整数）`,
    en: (p: L) => `${p.label}: must be a valid id (a positive whole number)`,
  },
  FIELD_VERSION: {
    status: 400,
    zh: (p: L) => `${p.label}：须为读取时得到的版本号（正整数）`,
    en: (p: L) => `${p.label}: must be the whole-number version you read`,
  },
  FIELD_BOOLEAN: {
    status: 400,
    zh: (p: L) => `${p.label}：须为 true 或 false`,
    en: (p: L) => `${p.label}: must be true or false`,
  },
  FIELD_LIST: {
    status: 400,
    zh: (p: L) => `${p.label}：须为列表`,
    en: (p: L) => `${p.label}: must be a list`,
  },
  FIELD_LIST_TOO_SHORT: {
    status: 400,
    zh: (p: L<{ min: number }>) => `${p.label}：至少需要 ${p.min} 项`,
    en: (p: L<{ min: number }>) => `${p.label}: at least ${p.min} item${p.min === 1 ? '' : 's'}`,
  },
  FIELD_LIST_TOO_LONG: {
    status: 400,
    zh: (p: L<{ max: number }>) => `${p.label}：最多 ${p.max} 项`,
    en: (p: L<{ max: number }>) => `${p.label}: at most ${p.max} items`,
  },
  FIELD_LIST_UNIQUE: {
    status: 400,
    zh: (p: L) => `${p.label}：各项不能重复`,
    en: (p: L) => `${p.label}: each item at most once`,
  },
  FIELD_OBJECT: {
    status: 400,
    zh: (p: L) => `${p.label}：须为对象`,
    en: (p: L) => `${p.label}: must be an object`,
  },
  FIELD_ONE_OF: {
    status: 400,
    zh: (p: L<{ values: { zh: string[]; en: string[] } }>) =>
      `${p.label}：须为以下之一：${list(p.values.zh, 'zh')}`,
    en: (p: L<{ values: { zh: string[]; en: string[] } }>) =>
      `${p.label}: must be one of ${list(p.values.en, 'en')}`,
  },
  FIELD_MONEY: {
    status: 400,
    zh: (p: L) =>
      `${p.label}：金额须为最多两位小数的数字文本，例如 "154280000.00"（不能是 JSON 数字，不能为负）`,
    en: (p: L) =>
      `${p.label}: money must be a decimal string with at most 2 decimals, such as "154280000.00" (not a number, not negative)`,
  },
  FIELD_MONEY_NEGATIVE: {
    status: 400,
    zh: (p: L) => `${p.label}：金额不能为负数`,
    en: (p: L) => `${p.label}: an amount cannot be negative`,
  },
  FIELD_DATE: {
    status: 400,
    zh: (p: L) => `${p.label}：须为日期，格式 YYYY-MM-DD`,
    en: (p: L) => `${p.label}: must be a date YYYY-MM-DD`,
  },
  FIELD_DATE_INVALID: {
    status: 400,
    zh: (p: L<{ value: string }>) => `${p.label}：${p.value} 不是有效的日期`,
    en: (p: L<{ value: string }>) => `${p.label}: ${p.value} is not a calendar date`,
  },
  FIELD_DECIMAL: {
    status: 400,
    zh: (p: L) => `${p.label}：须为数字文本，例如 "96.5"`,
    en: (p: L) => `${p.label}: must be a decimal string such as "96.5"`,
  },
  FIELD_PATTERN: {
    status: 400,
    zh: (p: L) => `${p.label}：格式不正确`,
    en: (p: L) => `${p.label}: not in the expected format`,
  },
  FIELD_INVALID: {
    status: 400,
    zh: (p: L) => `${p.label}：内容不符合要求`,
    en: (p: L<{ detail?: string }>) => `${p.label}: ${p.detail ?? 'invalid'}`,
  },

  VALIDATION_FAILED: {
    status: 400,
    zh: () => '请求内容有多处不符合要求（见 details）',
    en: () => 'several fields are not valid (see details)',
  },

  // The request itself (body-check.ts, safe-text.ts).
  TEXT_INVALID_CHARACTER: {
    status: 400,
    zh: (p: L<{ codePoint: number; position?: number; key?: string; project?: string }>) =>
      `${p.project !== undefined ? `项目「${p.project}」，` : ''}${p.label}${p.key !== undefined ? `的键名「${p.key}」` : ''}：不能包含${characterName(p.codePoint, 'zh')}${p.position ? `（第 ${p.position} 个字符）` : ''}`,
    en: (p: L<{ codePoint: number; position?: number; key?: string; project?: string }>) =>
      `${p.project !== undefined ? `project "${p.project}", ` : ''}${p.label}:${p.key !== undefined ? ` the key "${p.key}"` : ''} must not contain ${characterName(p.codePoint, 'en')}${p.position ? ` at character ${p.position}` : ''}`,
  },
  BODY_TOO_DEEP: {
    status: 400,
    zh: (p: L<{ max: number }>) => `${p.label}：嵌套超过 ${p.max} 层`,
    en: (p: L<{ max: number }>) => `${p.label}: nested deeper than ${p.max} levels`,
  },
  BODY_TOO_MANY_KEYS: {
    status: 400,
    zh: (p: L<{ count: number; max: number }>) =>
      `${p.label}：对象有 ${n(p.count, 'zh')} 个键，最多接受 ${p.max} 个`,
    en: (p: L<{ count: number; max: number }>) =>
      `${p.label}: an object with ${n(p.count, 'en')} keys; at most ${p.max} are accepted`,
  },
  BODY_LIST_TOO_LONG: {
    status: 400,
    zh: (p: L<{ count: number; max: number }>) =>
      `${p.label}：列表有 ${n(p.count, 'zh')} 项，最多接受 ${n(p.max, 'zh')} 项`,
    en: (p: L<{ count: number; max: number }>) =>
      `${p.label}: a list of ${n(p.count, 'en')} items; at most ${n(p.max, 'en')} are accepted`,
  },
  BODY_TOO_MANY_VALUES: {
    status: 400,
    zh: (p: L<{ max: number }>) => `请求正文的键和列表项合计超过 ${n(p.max, 'zh')} 个；请分批提交`,
    en: (p: L<{ max: number }>) =>
      `body: more than ${n(p.max, 'en')} keys and list items in all; send less at once`,
  },
  QUERY_REPEATED: {
    status: 400,
    zh: (p: L) => `${p.label}：该参数只能给出一次`,
    en: (p: L) => `${p.label}: give this parameter once`,
  },
  CONTENT_TYPE_UNSUPPORTED: {
    status: 415,
    zh: (p: L<{ type: string; accepted: string[] }>) =>
      `此处不接受${p.type ? `内容类型 ${p.type}` : '该内容类型'}：请发送 ${list(p.accepted, 'zh')}`,
    en: (p: L<{ type: string; accepted: string[] }>) =>
      `${p.type ? `content type ${p.type}` : 'this content type'} is not accepted here: send ${p.accepted.join(' or ')}`,
  },
  BODY_TOO_LARGE: {
    status: 413,
    zh: () => '请求内容超过大小上限',
    en: () => 'request body is larger than the limit',
  },
  JSON_EMPTY: { status: 400, zh: () => '请求正文为空', en: () => 'body: the JSON body is empty' },
  JSON_MALFORMED: {
    status: 400,
    zh: () => '请求正文不是有效的 JSON，请检查括号、引号和逗号',
    en: (p: L<{ detail: string }>) => `body: malformed JSON (${p.detail})`,
  },

  // Lists and ids in paths and queries (pagination.ts).
  LIMIT_INVALID: {
    status: 400,
    zh: (p: L<{ max: number; value: string }>) =>
      `${p.label}：须为 1 到 ${p.max} 的整数，而不是「${p.value}」`,
    en: (p: L<{ max: number; value: string }>) =>
      `${p.label}: must be a whole number from 1 to ${p.max}, not "${p.value}"`,
  },
  CURSOR_INVALID: {
    status: 400,
    zh: (p: L) => `${p.label}：不是本系统签发的翻页标记（已被修改或截断）；请从第一页开始`,
    en: (p: L) =>
      `${p.label}: not a cursor this service issued (it was changed or truncated); start from the first page`,
  },
  ID_INVALID: {
    status: 400,
    zh: (p: L<{ value: string }>) => `${p.label}：须为正整数，而不是「${p.value}」`,
    en: (p: L<{ value: string }>) => `${p.label}: must be a positive whole number, not "${p.value}"`,
  },

  // What the framework and the database answer.
  ROUTE_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ method: string; path: string }>) => `没有这个接口：「${p.method} ${p.path}」`,
    en: (p: L<{ method: string; path: string }>) => `no such route: ${p.method} ${p.path}`,
  },
  CONCURRENT_CHANGE: {
    status: 409,
    zh: () => '该记录刚被另一个请求同时创建或修改；请刷新后重试',
    en: () => 'this was created or changed by another request at the same moment; reload and try again',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    zh: () => '请求超时',
    en: () => 'the request took too long',
  },
  REQUEST_HEADERS_TOO_LARGE: {
    status: 431,
    zh: () => '请求头（含网址）过长',
    en: () => 'the request headers (the address included) are too large',
  },
  REQUEST_MALFORMED: {
    status: 400,
    zh: () => '请求格式有误，无法读取',
    en: () => 'the request could not be read',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    zh: () => '数据库暂时不可用，请稍后再试',
    en: () => 'the database is unavailable; try again in a moment',
  },
  INTERNAL_ERROR: {
    status: 500,
    zh: (p: L<{ requestId: string }>) => `系统内部错误；请联系管理员并提供请求编号 ${p.requestId}`,
    en: (p: L<{ requestId: string }>) => `internal error; quote request id ${p.requestId}`,
  },
  REQUEST_REFUSED: {
    status: 400,
    zh: (p: L<{ status: number }>) => `请求无法处理（HTTP ${p.status}）`,
    en: (p: L<{ status: number; detail?: string }>) =>
      p.detail ?? `the request cannot be handled (HTTP ${p.status})`,
  },
});

/** Fields every module shares: the request, its paging, its optimistic lock, its reason. */
defineFieldLabels({
  body: { zh: '请求正文', en: 'body' },
  query: { zh: '查询参数', en: 'query' },
  version: { zh: '版本号', en: 'version' },
  year: { zh: '年度', en: 'year' },
  declarationId: { zh: '申报表编号', en: 'declaration id' },
  indicatorId: { zh: '指标编号', en: 'indicator id' },
  departmentId: { zh: '所属部门', en: 'department' },
  comment: { zh: '意见', en: 'comment' },
  reason: { zh: '原因', en: 'reason' },
  limit: { zh: '每页条数（limit）', en: 'limit' },
  cursor: { zh: '翻页标记（cursor）', en: 'cursor' },
  id: { zh: '编号', en: 'id' },
  file: { zh: '文件', en: 'file' },
});
