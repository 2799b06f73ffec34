import { defineErrors, type L } from '../common/errors';
import { defineFieldLabels, type Bilingual, type Lang } from '../common/i18n';

/**
 * The catalogue of the exports module: what the workbook reader refuses (naming the sheet, the
 * row and the column, as a person finds them in Excel or WPS), what the inspection of an
 * uploaded .xlsx refuses (each limit in words; the setting's name is in the body as `limit`),
 * and the export routes' parameters. Codes are global and stable.
 */

const list = (values: readonly string[], lang: Lang) => values.join(lang === 'zh' ? '、' : ', ');
const num = (v: number, lang: Lang) => v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
/** Sizes: 兆字节 are read as MB by Chinese users; the English text says MiB, as it always did. */
const size = (bytes: number, lang: Lang) =>
  `${Math.round((bytes / 1024 / 1024) * 10) / 10} ${lang === 'zh' ? 'MB' : 'MiB'}`;
/** A text found in a cell, cut so that a message stays short. */
const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Where a cell is: `D7` → sheet, row 7, column D. */
export interface CellLocation {
  sheet: string;
  cell: string;
}

/** 工作表「数字化建设」第 7 行 D 列 / sheet "数字化建设", row 7, column D. */
export function cellPlace(p: CellLocation, lang: Lang): string {
  const m = /^([A-Z]+)(\d+)$/.exec(p.cell);
  const [column, row] = m ? [m[1], m[2]] : [p.cell, ''];
  if (lang === 'zh')
    return row ? `工作表「${p.sheet}」第 ${row} 行 ${column} 列` : `工作表「${p.sheet}」${p.cell}`;
  return row ? `sheet "${p.sheet}", row ${row}, column ${column}` : `sheet "${p.sheet}", ${p.cell}`;
}

/** What a reference of an uploaded sheet belongs to, in words. */
export type ReferenceKind =
  | 'dimension'
  | 'row'
  | 'cell'
  | 'mergedRange'
  | 'dataValidation'
  | 'hyperlink'
  | 'comment'
  | 'table'
  | 'autoFilter';
const REFERENCE_KIND: Record<ReferenceKind, Bilingual> = {
  dimension: { zh: '工作表范围', en: 'its dimension' },
  row: { zh: '一行', en: 'a row' },
  cell: { zh: '一个单元格', en: 'a cell' },
  mergedRange: { zh: '一个合并单元格区域', en: 'a merged range' },
  dataValidation: { zh: '一项数据验证', en: 'a data validation' },
  hyperlink: { zh: '一个超链接', en: 'a hyperlink' },
  comment: { zh: '一条批注', en: 'a comment' },
  table: { zh: '一个表格', en: 'a table' },
  autoFilter: { zh: '一个筛选区域', en: 'an autoFilter' },
};

/** Why a file is not a readable xlsx, in words (the technical detail goes to the English text only). */
export type NotXlsxReason =
  'empty' | 'notZip' | 'noWorkbook' | 'encrypted' | 'compression' | 'unreadablePart' | 'unreadable';
const NOT_XLSX_REASON: Record<NotXlsxReason, Bilingual> = {
  empty: { zh: '文件为空', en: 'the file is empty' },
  notZip: { zh: '文件不是 xlsx 格式（不是有效的压缩包）', en: 'it is not a zip archive' },
  noWorkbook: { zh: '压缩包中没有工作簿（缺少 xl/workbook.xml）', en: 'it has no xl/workbook.xml' },
  encrypted: { zh: '文件已加密', en: 'a part is encrypted' },
  compression: {
    zh: '文件使用了 xlsx 不使用的压缩方式',
    en: 'a part uses a compression method xlsx does not use',
  },
  unreadablePart: { zh: '文件中有无法解压的部分', en: 'a part cannot be unpacked' },
  unreadable: { zh: '工作簿内容无法读取', en: 'the workbook cannot be read' },
};

type At = L<CellLocation>;

/** A reference beyond the form's rows and columns, or a `<col>` range beyond Excel's columns. */
interface OutOfRange {
  part: string;
  kind?: ReferenceKind;
  ref?: string;
  row?: number;
  column?: string;
  columnNumber?: number;
  maxRows?: number;
  maxColumn?: string;
  columns?: { min: string; max: string; last: number };
}

export const ExportsErrors = defineErrors('exports', {
  // ---- The workbook reader (declaration-xlsx.ts): every refusal names the sheet, row and column.
  WORKBOOK_NO_FILLED_SHEET: {
    status: 400,
    zh: () => '文件：工作簿中没有填写了内容的工作表',
    en: () => 'file: the workbook has no filled sheet',
  },
  WORKBOOK_NO_FORM: {
    status: 400,
    zh: (p: L<{ sheet: string; title: string }>) =>
      `工作表「${p.sheet}」：没有找到「${p.title}」（A 列没有写着该标题的单元格）；只能读取本系统导出的申报表工作簿`,
    en: (p: L<{ sheet: string; title: string }>) =>
      `sheet "${p.sheet}": no ${p.title} found (column A has no cell reading "${p.title}"); only workbooks exported by this service can be read`,
  },
  WORKBOOK_LABEL_MISMATCH: {
    status: 400,
    zh: (p: At & { expected: string; found: string | null }) =>
      `${cellPlace(p, 'zh')}：应为标签「${p.expected}」，${p.found === null ? '实际为空白' : `实际为「${shown(p.found)}」`}；表格的布局与本系统导出的申报表不同`,
    en: (p: At & { expected: string; found: string | null }) =>
      `${cellPlace(p, 'en')}: expected the label "${p.expected}", found ${p.found === null ? 'an empty cell' : `"${shown(p.found)}"`}; the sheet is not laid out as exported by this service`,
  },
  WORKBOOK_YEAR_INVALID: {
    status: 400,
    zh: (p: At & { found: string }) =>
      `${cellPlace(p, 'zh')}：应为年度，例如「(2026 年度)」，实际为「${shown(p.found)}」`,
    en: (p: At & { found: string }) =>
      `${cellPlace(p, 'en')}: expected the year as "(2026 年度)", found "${shown(p.found)}"`,
  },
  WORKBOOK_DATE_INVALID: {
    status: 400,
    zh: (p: At & { what: string; found: string }) =>
      `${cellPlace(p, 'zh')}（${p.what}）：「${shown(p.found)}」不是日期；请写作 YYYY-MM-DD，例如 2026-01-01`,
    en: (p: At & { what: string; found: string }) =>
      `${cellPlace(p, 'en')} (${p.what}): "${shown(p.found)}" is not a date YYYY-MM-DD`,
  },
  WORKBOOK_MONEY_INVALID: {
    status: 400,
    zh: (p: At & { what: string; found: string }) =>
      `${cellPlace(p, 'zh')}（${p.what}）：「${shown(p.found)}」不是以元为单位、最多两位小数的金额，例如 154280000.00`,
    en: (p: At & { what: string; found: string }) =>
      `${cellPlace(p, 'en')} (${p.what}): "${shown(p.found)}" is not an amount in yuan with at most 2 decimals, such as 154280000.00`,
  },
  WORKBOOK_LEVEL1_INVALID: {
    status: 400,
    zh: (p: At & { found: string; allowed: string[] }) =>
      `${cellPlace(p, 'zh')}：「${shown(p.found)}」不是一级指标；应为${list(p.allowed, 'zh')}之一`,
    en: (p: At & { found: string; allowed: string[] }) =>
      `${cellPlace(p, 'en')}: "${shown(p.found)}" is not a 一级指标 (level-1 category: ${p.allowed.join('/')})`,
  },
  WORKBOOK_LEVEL2_INVALID: {
    status: 400,
    zh: (p: At & { found: string }) =>
      `${cellPlace(p, 'zh')}：「${shown(p.found)}」不是二级指标；应为如「数量指标」或「成本指标（经济成本）」的写法`,
    en: (p: At & { found: string }) =>
      `${cellPlace(p, 'en')}: "${shown(p.found)}" is not a 二级指标 (level-2 category, e.g. 数量指标, or 成本指标（经济成本）)`,
  },
  WORKBOOK_LEVEL2_MISMATCH: {
    status: 400,
    zh: (p: At & { level1: string; level2: string }) =>
      `${cellPlace(p, 'zh')}：二级指标「${p.level2}」不属于一级指标「${p.level1}」`,
    en: (p: At & { level1: string; level2: string }) =>
      `${cellPlace(p, 'en')}: ${p.level2} does not belong to ${p.level1}`,
  },
  WORKBOOK_WEIGHT_INVALID: {
    status: 400,
    zh: (p: At & { found: string }) =>
      `${cellPlace(p, 'zh')}（分值）：「${shown(p.found)}」不是分值；请写作最多两位小数的数字，例如 12.50`,
    en: (p: At & { found: string }) =>
      `${cellPlace(p, 'en')} (分值, weight): "${shown(p.found)}" is not a weight such as "12.50"`,
  },
  WORKBOOK_TARGET_INVALID: {
    status: 400,
    zh: (p: At & { found: string; detail?: string }) =>
      `${cellPlace(p, 'zh')}（年度指标值）：「${shown(p.found)}」以比较符开头，但不是「比较符、数值、括号中的单位」的写法，例如 ≥95.00(%)；定性指标值不要以比较符开头`,
    en: (p: At & { found: string; detail?: string }) =>
      `${cellPlace(p, 'en')} (年度指标值, target): "${shown(p.found)}" starts with a comparator but is not written as comparator, number and unit in parentheses, such as ≥95.00(%)${p.detail ? ` (${p.detail})` : ''}`,
  },
  WORKBOOK_TEXT_TOO_LONG: {
    status: 400,
    zh: (p: At & { what: string; length: number; max: number }) =>
      `${cellPlace(p, 'zh')}（${p.what}）：有 ${num(p.length, 'zh')} 个字符，最多 ${num(p.max, 'zh')} 个`,
    en: (p: At & { what: string; length: number; max: number }) =>
      `${cellPlace(p, 'en')} (${p.what}): ${num(p.length, 'en')} characters long; at most ${num(p.max, 'en')} are accepted`,
  },
  WORKBOOK_TOO_MANY_INDICATORS: {
    status: 400,
    zh: (p: L<{ sheet: string; row: number; max: number }>) =>
      `工作表「${p.sheet}」第 ${p.row} 行起的申报表：一份申报表最多 ${p.max} 条三级指标，这份超过了`,
    en: (p: L<{ sheet: string; row: number; max: number }>) =>
      `sheet "${p.sheet}", the form at row ${p.row}: a declaration holds at most ${p.max} indicators (绩效指标); this one has more`,
  },

  // ---- The inspection of an uploaded .xlsx (xlsx-inspect.ts), before anything parses it.
  UPLOAD_NOT_XLSX: {
    status: 400,
    zh: (p: L<{ reason: NotXlsxReason; detail?: string }>) =>
      `${p.label}：不是可以读取的 xlsx 工作簿（${NOT_XLSX_REASON[p.reason].zh}）；只能读取本系统导出的工作簿`,
    en: (p: L<{ reason: NotXlsxReason; detail?: string }>) =>
      `${p.label}: the file is not an xlsx workbook that can be read (${NOT_XLSX_REASON[p.reason].en}${p.detail ? `: ${p.detail}` : ''}); only workbooks exported by this service can be read`,
  },
  UPLOAD_TOO_MANY_ENTRIES: {
    status: 413,
    zh: (p: L<{ count: number; max: number }>) =>
      `${p.label}：工作簿压缩包中有 ${num(p.count, 'zh')} 个文件，最多接受 ${num(p.max, 'zh')} 个`,
    en: (p: L<{ count: number; max: number }>) =>
      `${p.label}: the workbook holds ${num(p.count, 'en')} files; at most ${num(p.max, 'en')} are accepted (limit maxEntries)`,
  },
  UPLOAD_UNEXPECTED_PART: {
    status: 400,
    zh: (p: L<{ part: string; detail?: string }>) =>
      `${p.label}：压缩包中的「${p.part}」不是 xlsx 工作簿的组成部分；只能读取本系统导出的工作簿`,
    en: (p: L<{ part: string; detail?: string }>) =>
      `${p.label}: the zip holds "${p.part}", which is not a part of an xlsx workbook${p.detail ? ` (${p.detail})` : ''}; only workbooks exported by this service can be read`,
  },
  UPLOAD_DUPLICATE_PART: {
    status: 400,
    zh: (p: L<{ part: string }>) => `${p.label}：压缩包中「${p.part}」出现了两次`,
    en: (p: L<{ part: string }>) => `${p.label}: the part "${p.part}" is in the zip twice`,
  },
  UPLOAD_ENTRY_TOO_LARGE: {
    status: 413,
    zh: (p: L<{ part: string; bytes: number; max: number }>) =>
      `${p.label}：工作簿中的「${p.part}」解压后${p.bytes >= p.max ? '超过' : '为'} ${size(p.bytes, 'zh')}，单个部件最多接受 ${size(p.max, 'zh')}`,
    en: (p: L<{ part: string; bytes: number; max: number }>) =>
      `${p.label}: the part "${p.part}" of the workbook unpacks to ${p.bytes >= p.max ? 'more than ' : ''}${size(p.bytes, 'en')}; at most ${size(p.max, 'en')} are accepted (limit maxEntryBytes)`,
  },
  UPLOAD_TOO_LARGE_UNPACKED: {
    status: 413,
    zh: (p: L<{ bytes: number; max: number }>) =>
      `${p.label}：工作簿解压后超过 ${size(p.bytes, 'zh')}，最多接受 ${size(p.max, 'zh')}`,
    en: (p: L<{ bytes: number; max: number }>) =>
      `${p.label}: the workbook unpacks to more than ${size(p.bytes, 'en')}; at most ${size(p.max, 'en')} are accepted (limit maxTotalBytes)`,
  },
  UPLOAD_COMPRESSION_RATIO: {
    status: 413,
    zh: (p: L<{ part: string; ratio: number; max: number }>) =>
      `${p.label}：工作簿中的「${p.part}」解压后是压缩大小的 ${num(p.ratio, 'zh')} 倍，最多接受 ${num(p.max, 'zh')} 倍`,
    en: (p: L<{ part: string; ratio: number; max: number }>) =>
      `${p.label}: the part "${p.part}" unpacks ${num(p.ratio, 'en')} times its packed size; at most ${num(p.max, 'en')} times is accepted (limit maxCompressionRatio)`,
  },
  UPLOAD_ENTRY_SIZE_MISMATCH: {
    status: 400,
    zh: (p: L<{ part: string; declared: number }>) =>
      `${p.label}：工作簿中的「${p.part}」解压后的大小与其声明的 ${num(p.declared, 'zh')} 字节不符；文件已损坏或被改动过`,
    en: (p: L<{ part: string; declared: number }>) =>
      `${p.label}: the part "${p.part}" does not unpack to the size its header declares (${num(p.declared, 'en')} bytes); the zip is damaged or crafted`,
  },
  UPLOAD_XML_DECLARATION: {
    status: 400,
    zh: (p: L<{ part: string; found: string }>) =>
      `${p.label}：工作簿中的「${p.part}」含有 xlsx 文件从不使用的声明「<!${p.found}…」（文档类型或实体声明）`,
    en: (p: L<{ part: string; found: string }>) =>
      `${p.label}: the part "${p.part}" holds an XML declaration (<!${p.found}…, such as a DOCTYPE or an ENTITY), which an xlsx never has`,
  },
  UPLOAD_XML_TAG_TOO_LONG: {
    status: 413,
    zh: (p: L<{ part: string; max: number }>) =>
      `${p.label}：工作簿中的「${p.part}」有一个标记超过 ${num(p.max, 'zh')} 个字符`,
    en: (p: L<{ part: string; max: number }>) =>
      `${p.label}: the part "${p.part}" holds a tag longer than ${num(p.max, 'en')} characters`,
  },
  UPLOAD_TOO_MANY_SHARED_STRINGS: {
    status: 413,
    zh: (p: L<{ max: number }>) => `${p.label}：工作簿中的文本条目超过 ${num(p.max, 'zh')} 条（上限）`,
    en: (p: L<{ max: number }>) =>
      `${p.label}: the workbook's shared-string table holds more than ${num(p.max, 'en')} strings (limit maxSharedStrings)`,
  },
  UPLOAD_BAD_REFERENCE: {
    status: 400,
    zh: (p: L<{ part: string; kind: ReferenceKind; ref: string }>) =>
      `${p.label}：工作簿中的「${p.part}」有${REFERENCE_KIND[p.kind].zh}的位置写作「${shown(p.ref)}」，不是单元格引用`,
    en: (p: L<{ part: string; kind: ReferenceKind; ref: string }>) =>
      `${p.label}: the part "${p.part}" has ${REFERENCE_KIND[p.kind].en} at "${shown(p.ref)}", which is not a cell reference`,
  },
  UPLOAD_CELL_OUT_OF_RANGE: {
    status: 413,
    zh: (p: L<OutOfRange>) =>
      p.columns
        ? `${p.label}：工作簿中的「${p.part}」有一个列范围写作「${p.columns.min}」到「${p.columns.max}」；列号只能从 1 到 ${num(p.columns.last, 'zh')}`
        : `${p.label}：工作簿中的「${p.part}」有${REFERENCE_KIND[p.kind ?? 'cell'].zh}位于「${shown(p.ref ?? '')}」（第 ${num(p.row ?? 0, 'zh')} 行、第 ${num(p.columnNumber ?? 0, 'zh')} 列）；一张表最多 ${num(p.maxRows ?? 0, 'zh')} 行、A 到 ${p.maxColumn} 列`,
    en: (p: L<OutOfRange>) =>
      p.columns
        ? `${p.label}: the part "${p.part}" has a column range ${p.columns.min}..${p.columns.max}; columns run from 1 to ${num(p.columns.last, 'en')}`
        : `${p.label}: the part "${p.part}" has ${REFERENCE_KIND[p.kind ?? 'cell'].en} at ${shown(p.ref ?? '')} (row ${num(p.row ?? 0, 'en')}, column ${p.column}); a form holds at most ${num(p.maxRows ?? 0, 'en')} rows and columns A to ${p.maxColumn} (limits maxRows, maxColumns)`,
  },
  UPLOAD_TOO_MANY_CELLS: {
    status: 413,
    zh: (p: L<{ max: number; validations?: boolean }>) =>
      p.validations
        ? `${p.label}：工作簿的数据验证覆盖超过 ${num(p.max, 'zh')} 个单元格，最多接受 ${num(p.max, 'zh')} 个`
        : `${p.label}：工作簿有超过 ${num(p.max, 'zh')} 个单元格，最多接受 ${num(p.max, 'zh')} 个`,
    en: (p: L<{ max: number; validations?: boolean }>) =>
      p.validations
        ? `${p.label}: the workbook's data validations cover more than ${num(p.max, 'en')} cells (limit maxCells)`
        : `${p.label}: the workbook holds more than ${num(p.max, 'en')} cells (limit maxCells)`,
  },
  UPLOAD_TOO_MANY_MERGED_CELLS: {
    status: 413,
    zh: (p: L<{ part: string; max: number }>) =>
      `${p.label}：工作簿中的「${p.part}」有超过 ${num(p.max, 'zh')} 个合并单元格区域，最多接受 ${num(p.max, 'zh')} 个`,
    en: (p: L<{ part: string; max: number }>) =>
      `${p.label}: the part "${p.part}" has more than ${num(p.max, 'en')} merged ranges (limit maxMergedCells)`,
  },

  // ---- The export routes.
  EXPORT_YEAR_INVALID: {
    status: 400,
    zh: (p: L<{ value?: string }>) =>
      p.value === undefined
        ? `${p.label}：必须给出，例如 2026`
        : `${p.label}：须为 2000 到 2100 之间的年份，例如 2026，而不是「${shown(p.value)}」`,
    en: (p: L<{ value?: string }>) =>
      p.value === undefined
        ? `${p.label}: required, a year such as 2026`
        : `${p.label}: must be a year from 2000 to 2100 such as 2026, not "${shown(p.value)}"`,
  },
});

defineFieldLabels({});
