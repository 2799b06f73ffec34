import { defineErrors, type L } from '../common/errors';
import {
  defineEnumeration,
  defineFieldLabels,
  defineMessages,
  fieldLabel,
  render,
  valueLabel,
  type Lang,
} from '../common/i18n';
import { defineFindings } from '../declarations/declarations.messages';

/**
 * The imports module's catalogue (issue 13): the refusals of an upload (its file, its name, the
 * parse worker's limits), of the summary-table text (each naming its line: 第 N 行), the
 * LAYOUT_REPAIRED finding with the reasons it lists, and the lines the import CLI prints.
 * Pure: the parse worker loads it too. The .xlsx inspection's refusals (UPLOAD_* of
 * xlsx-inspect.ts) and the workbook reader's are the exports module's.
 */

const q = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
const n = (value: number, lang: Lang) => value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
const at = (line: number, lang: Lang) => (lang === 'zh' ? `第 ${line} 行` : `line ${line}`);
const item = (path: string, lang: Lang) => fieldLabel(path, lang);

/** A table named in a refusal: by its project name when it has one, and its first line. */
type Table = { project?: string; startLine: number };
const table = (p: Table, lang: Lang) =>
  lang === 'zh'
    ? `${p.project !== undefined ? `项目“${q(p.project)}”的申报表` : '申报表'}（自第 ${p.startLine} 行起）`
    : `the table ${p.project !== undefined ? `of "${q(p.project)}" ` : ''}(from line ${p.startLine})`;

/** The labels a row of the indicator part holds. */
const LABEL_KIND: Record<'level1' | 'level2' | 'cost' | 'name', { zh: string; en: string }> = {
  level1: { zh: '一级指标', en: 'level-1 label' },
  level2: { zh: '二级指标', en: 'level-2 label' },
  cost: { zh: '成本类型', en: 'cost type' },
  name: { zh: '指标名称', en: 'indicator name' },
};
type LabelKind = keyof typeof LABEL_KIND;

const TITLE = '财政项目支出绩效目标申报表';

defineFieldLabels({
  dryRun: { zh: '试导入（dryRun）', en: 'dryRun' },
});

export const ImportErrors = defineErrors('imports', {
  // The upload itself (imports.controller.ts, imports.service.ts, upload-worker.ts).
  UPLOAD_FILE_MISSING: {
    status: 400,
    zh: () => '请用表单上传（multipart/form-data），文件字段名为 "file"',
    en: () => 'file: send the table as a multipart field named "file"',
  },
  UPLOAD_BODY_TYPE: {
    status: 400,
    zh: () => '请以 text/plain 发送汇总表文本，或以 multipart/form-data 发送文件',
    en: () => 'body: send the summary-table text as text/plain, or a file as multipart/form-data',
  },
  UPLOAD_BAD_FILENAME: {
    status: 400,
    zh: (p: L<{ reason: 'control' | 'bidi' | 'surrogate' | 'length'; max: number }>) =>
      `文件名${
        {
          control: '含有控制字符',
          bidi: '含有双向文本控制字符（会使文件名在日志中倒序显示）',
          surrogate: '不是有效的 Unicode 文本（含不成对的代理字符）',
          length: `超过 ${p.max} 个字符`,
        }[p.reason]
      }；请重命名文件后重新上传`,
    en: (p: L<{ reason: 'control' | 'bidi' | 'surrogate' | 'length'; max: number }>) =>
      `file: the file name ${
        {
          control: 'contains a control character',
          bidi: 'contains a bidirectional override character',
          surrogate: 'is not valid Unicode (an unpaired surrogate)',
          length: `is longer than ${p.max} characters`,
        }[p.reason]
      }; rename the file and send it again`,
  },
  IMPORT_FILE_EMPTY: {
    status: 400,
    zh: () => '文件为空',
    en: () => 'file: the file is empty',
  },
  IMPORT_NOT_TEXT: {
    status: 400,
    zh: () => '此文件既不是 UTF-8 编码的文本，也不是本系统导出的 .xlsx 文件',
    en: () => 'file: this is not a text file in UTF-8 nor an .xlsx exported by this service',
  },
  IMPORT_TOO_MANY_DECLARATIONS: {
    status: 413,
    zh: (p: L<{ count: number; max: number }>) =>
      `文件中有 ${n(p.count, 'zh')} 份申报表，一次最多导入 ${n(p.max, 'zh')} 份（maxDeclarations）`,
    en: (p: L<{ count: number; max: number }>) =>
      `file: the file holds ${n(p.count, 'en')} declarations; at most ${n(p.max, 'en')} are imported at once (limit maxDeclarations)`,
  },
  UPLOAD_PARSE_LIMIT: {
    status: 413,
    zh: (p: L<{ limit: 'time' | 'memory'; seconds?: number; mib?: number }>) =>
      p.limit === 'time'
        ? `读取文件超过 ${p.seconds} 秒的时限（parseTimeoutMs），已停止；请检查文件是否为本系统导出的申报表`
        : `读取文件所需内存超过 ${p.mib} 兆字节的上限（parseHeapMb），已停止；请检查文件是否为本系统导出的申报表`,
    en: (p: L<{ limit: 'time' | 'memory'; seconds?: number; mib?: number }>) =>
      p.limit === 'time'
        ? `file: reading the file took longer than ${p.seconds} s (limit parseTimeoutMs); it was stopped`
        : `file: reading the file needed more than ${p.mib} MiB of memory (limit parseHeapMb); it was stopped`,
  },
  UPLOAD_BUSY: {
    status: 503,
    zh: () => '当前正在读取的导入文件过多，请稍后再试',
    en: () => 'file: too many imports are being read right now; try again in a moment',
  },

  // The summary-table text (summary-table.parser.ts): each names its line.
  IMPORT_TEXT_EMPTY: {
    status: 400,
    zh: (p: L<{ line: number }>) => `${at(p.line, 'zh')}：文本为空`,
    en: (p: L<{ line: number }>) => `${at(p.line, 'en')}: the text is empty`,
  },
  IMPORT_BINARY: {
    status: 400,
    zh: (p: L<{ line: number; codePoint: string; column: number }>) =>
      `${at(p.line, 'zh')}：第 ${p.column} 列有字符 U+${p.codePoint}，这不是文本（二进制数据，或不是 UTF-8 编码）`,
    en: (p: L<{ line: number; codePoint: string; column: number }>) =>
      `${at(p.line, 'en')}: not text: character U+${p.codePoint} at column ${p.column} (binary data, or not UTF-8)`,
  },
  IMPORT_TOO_MANY_LINES: {
    status: 413,
    zh: (p: L<{ line: number; max: number }>) => `文本超过 ${n(p.max, 'zh')} 行，超出一次导入可读取的上限`,
    en: (p: L<{ line: number; max: number }>) =>
      `${at(p.line, 'en')}: the text has more than ${n(p.max, 'en')} lines, the most one import reads`,
  },
  IMPORT_LINE_TOO_LONG: {
    status: 413,
    zh: (p: L<{ line: number; length: number; max: number }>) =>
      `${at(p.line, 'zh')}：该行有 ${n(p.length, 'zh')} 个字符，最多读取 ${n(p.max, 'zh')} 个`,
    en: (p: L<{ line: number; length: number; max: number }>) =>
      `${at(p.line, 'en')}: the line has ${n(p.length, 'en')} characters; at most ${n(p.max, 'en')} are read`,
  },
  IMPORT_TOO_MANY_CELLS: {
    status: 413,
    zh: (p: L<{ line: number; max: number; rowMax: number }>) =>
      `${at(p.line, 'zh')}：超过 ${p.max} 个以制表符分隔的单元格；申报表的一行最多 ${p.rowMax} 个`,
    en: (p: L<{ line: number; max: number; rowMax: number }>) =>
      `${at(p.line, 'en')}: more than ${p.max} tab-separated cells; a row of the table has at most ${p.rowMax}`,
  },
  IMPORT_NO_TABLE: {
    status: 400,
    zh: (p: L<{ line: number }>) =>
      `${at(p.line, 'zh')}：未找到申报表：没有以“${TITLE}”开头的行；请导入汇总表文本`,
    en: (p: L<{ line: number }>) =>
      `${at(p.line, 'en')}: no table found: no line begins with ${TITLE}; expected the summary-table text`,
  },
  IMPORT_ROW_BEFORE_TABLE: {
    status: 400,
    zh: (p: L<{ line: number }>) => `${at(p.line, 'zh')}：第一个以“${TITLE}”开头的行之前出现了表格行`,
    en: (p: L<{ line: number }>) =>
      `${at(p.line, 'en')}: a table row before the first line beginning with ${TITLE}`,
  },
  IMPORT_NO_YEAR: {
    status: 400,
    zh: (p: L<{ line: number } & Table>) =>
      `${at(p.line, 'zh')}：${table(p, 'zh')}缺少年度行，例如“(2026 年度)”`,
    en: (p: L<{ line: number } & Table>) =>
      `${at(p.line, 'en')}: ${table(p, 'en')} has no year line such as "(2026 年度)"`,
  },
  IMPORT_NO_INDICATOR_SECTION: {
    status: 400,
    zh: (p: L<{ line: number } & Table>) =>
      `${at(p.line, 'zh')}：${table(p, 'zh')}在绩效指标部分（一级指标、二级指标、三级指标）之前就结束了：文本可能不完整`,
    en: (p: L<{ line: number } & Table>) =>
      `${at(p.line, 'en')}: ${table(p, 'en')} ends before its indicator section (一级指标 / 二级指标 / 三级指标): the text may be cut off`,
  },
  IMPORT_NO_INDICATORS: {
    status: 400,
    zh: (p: L<{ line: number } & Table>) => `${at(p.line, 'zh')}：${table(p, 'zh')}没有三级指标`,
    en: (p: L<{ line: number } & Table>) => `${at(p.line, 'en')}: ${table(p, 'en')} has no indicators`,
  },
  IMPORT_AMOUNT_INVALID: {
    status: 400,
    zh: (p: L<{ line: number; item: string; text: string }>) =>
      `${at(p.line, 'zh')}：${item(p.item, 'zh')}“${q(p.text)}”不是以元为单位的金额，例如 154,280,000.00`,
    en: (p: L<{ line: number; item: string; text: string }>) =>
      `${at(p.line, 'en')}: ${item(p.item, 'en')} "${q(p.text)}" is not an amount in yuan such as 154,280,000.00`,
  },
  IMPORT_DATE_INVALID: {
    status: 400,
    zh: (p: L<{ line: number; item: string; text: string }>) =>
      `${at(p.line, 'zh')}：${item(p.item, 'zh')}“${q(p.text)}”不是日期，例如 2026-01-01`,
    en: (p: L<{ line: number; item: string; text: string }>) =>
      `${at(p.line, 'en')}: ${item(p.item, 'en')} "${q(p.text)}" is not a date such as 2026-01-01`,
  },
  IMPORT_FIELD_TWICE: {
    status: 400,
    zh: (p: L<{ line: number; item: string; first: number }>) =>
      `${at(p.line, 'zh')}：同一张申报表中${item(p.item, 'zh')}出现了两次（第一次在第 ${p.first} 行）`,
    en: (p: L<{ line: number; item: string; first: number }>) =>
      `${at(p.line, 'en')}: ${item(p.item, 'en')} is given twice in one table (first at line ${p.first})`,
  },
  IMPORT_YEAR_CONFLICT: {
    status: 400,
    zh: (p: L<{ line: number; year: number; first: number; firstLine: number }>) =>
      `${at(p.line, 'zh')}：年度 ${p.year} 与第 ${p.firstLine} 行的年度 ${p.first} 不一致`,
    en: (p: L<{ line: number; year: number; first: number; firstLine: number }>) =>
      `${at(p.line, 'en')}: year ${p.year} differs from ${p.first} given at line ${p.firstLine}`,
  },
  IMPORT_INDICATOR_BEFORE_HEADER: {
    status: 400,
    zh: (p: L<{ line: number }>) =>
      `${at(p.line, 'zh')}：指标行出现在指标表头（一级指标、二级指标、三级指标）之前`,
    en: (p: L<{ line: number }>) =>
      `${at(p.line, 'en')}: an indicator row before the indicator header (一级指标 / 二级指标 / 三级指标)`,
  },
  IMPORT_CELL_UNPLACED: {
    status: 400,
    zh: (p: L<{ line: number; text: string; after?: string }>) =>
      p.after !== undefined
        ? `${at(p.line, 'zh')}：无法识别“${q(p.after)}”之后的“${q(p.text)}”`
        : `${at(p.line, 'zh')}：无法识别“${q(p.text)}”：它前面没有栏目名称`,
    en: (p: L<{ line: number; text: string; after?: string }>) =>
      p.after !== undefined
        ? `${at(p.line, 'en')}: cannot place "${q(p.text)}" after "${q(p.after)}"`
        : `${at(p.line, 'en')}: cannot place "${q(p.text)}": no label before it`,
  },
  IMPORT_TWO_VALUES: {
    status: 400,
    zh: (p: L<{ line: number; item: string; text: string }>) =>
      `${at(p.line, 'zh')}：${item(p.item, 'zh')}有两个值：无法识别“${q(p.text)}”`,
    en: (p: L<{ line: number; item: string; text: string }>) =>
      `${at(p.line, 'en')}: two values for ${item(p.item, 'en')}: cannot place "${q(p.text)}"`,
  },
  IMPORT_HEADER_UNEXPECTED: {
    status: 400,
    zh: (p: L<{ line: number; text: string }>) => `${at(p.line, 'zh')}：指标表头中出现了“${q(p.text)}”`,
    en: (p: L<{ line: number; text: string }>) =>
      `${at(p.line, 'en')}: unexpected "${q(p.text)}" in the indicator header`,
  },
  IMPORT_HEADER_INCOMPLETE: {
    status: 400,
    zh: (p: L<{ line: number }>) => `${at(p.line, 'zh')}：指标表头须有一级指标、二级指标和三级指标`,
    en: (p: L<{ line: number }>) =>
      `${at(p.line, 'en')}: the indicator header needs 一级指标, 二级指标 and 三级指标`,
  },
  IMPORT_LABEL_AFTER_NAME: {
    status: 400,
    zh: (p: L<{ line: number; text: string; name: string }>) =>
      `${at(p.line, 'zh')}：标签“${q(p.text)}”位于指标名称“${q(p.name)}”之后`,
    en: (p: L<{ line: number; text: string; name: string }>) =>
      `${at(p.line, 'en')}: label "${q(p.text)}" after the indicator name "${q(p.name)}"`,
  },
  IMPORT_LABEL_IN_INDICATORS: {
    status: 400,
    zh: (p: L<{ line: number; text: string }>) =>
      `${at(p.line, 'zh')}：绩效指标部分中出现了表头栏目“${q(p.text)}”`,
    en: (p: L<{ line: number; text: string }>) =>
      `${at(p.line, 'en')}: "${q(p.text)}" inside the indicator section`,
  },
  IMPORT_TWO_LABELS: {
    status: 400,
    zh: (p: L<{ line: number; kind: LabelKind }>) =>
      `${at(p.line, 'zh')}：一行中有两个${LABEL_KIND[p.kind].zh}`,
    en: (p: L<{ line: number; kind: LabelKind }>) =>
      `${at(p.line, 'en')}: two ${LABEL_KIND[p.kind].en}s on one row`,
  },
  IMPORT_LEVEL2_MISMATCH: {
    status: 400,
    zh: (p: L<{ line: number; level1: string; level2: string }>) =>
      `${at(p.line, 'zh')}：二级指标“${valueLabel(p.level2, 'zh', 'level2')}”不属于一级指标“${valueLabel(p.level1, 'zh', 'level1')}”`,
    en: (p: L<{ line: number; level1: string; level2: string }>) =>
      `${at(p.line, 'en')}: 二级指标 "${valueLabel(p.level2, 'zh', 'level2')}" does not belong to 一级指标 "${valueLabel(p.level1, 'zh', 'level1')}"`,
  },
  IMPORT_COST_TYPE_MISPLACED: {
    status: 400,
    zh: (p: L<{ line: number; text: string; kind: 'level1' | 'level2'; under: string }>) =>
      `${at(p.line, 'zh')}：成本类型“${q(p.text)}”不能位于${LABEL_KIND[p.kind].zh}“${q(p.under)}”之下`,
    en: (p: L<{ line: number; text: string; kind: 'level1' | 'level2'; under: string }>) =>
      `${at(p.line, 'en')}: cost type "${q(p.text)}" under ${p.kind === 'level1' ? '一级指标' : '二级指标'} "${q(p.under)}"`,
  },
  IMPORT_ROW_UNPLACEABLE: {
    status: 400,
    zh: (p: L<{ line: number; count: number; cells: string[] }>) =>
      `${at(p.line, 'zh')}：无法识别 ${p.count} 个单元格（${p.cells.map((c) => `“${q(c)}”`).join('、')}${p.count > p.cells.length ? '等' : ''}）：应为指标名称及其年度指标值`,
    en: (p: L<{ line: number; count: number; cells: string[] }>) =>
      `${at(p.line, 'en')}: cannot place ${p.count} cells (${p.cells.map((c) => `"${q(c)}"`).join(', ')}${p.count > p.cells.length ? ', …' : ''}): expected the indicator name and its target`,
  },
  IMPORT_TARGET_WITHOUT_NAME: {
    status: 400,
    zh: (p: L<{ line: number; text: string }>) =>
      `${at(p.line, 'zh')}：年度指标值“${q(p.text)}”之前没有指标名称`,
    en: (p: L<{ line: number; text: string }>) =>
      `${at(p.line, 'en')}: target "${q(p.text)}" has no indicator name before it`,
  },
  IMPORT_INDICATOR_WITHOUT_LEVELS: {
    status: 400,
    zh: (p: L<{ line: number; name: string }>) =>
      `${at(p.line, 'zh')}：三级指标“${q(p.name)}”上方没有一级指标和二级指标`,
    en: (p: L<{ line: number; name: string }>) =>
      `${at(p.line, 'en')}: indicator "${q(p.name)}" has no 一级指标 / 二级指标 above it`,
  },
  IMPORT_INDICATOR_WITHOUT_LEVEL2: {
    status: 400,
    zh: (p: L<{ line: number; name: string; level1: string }>) =>
      `${at(p.line, 'zh')}：三级指标“${q(p.name)}”在“${valueLabel(p.level1, 'zh', 'level1')}”下没有二级指标`,
    en: (p: L<{ line: number; name: string; level1: string }>) =>
      `${at(p.line, 'en')}: indicator "${q(p.name)}" has no 二级指标 under "${valueLabel(p.level1, 'zh', 'level1')}"`,
  },
});

// ---------------------------------------------------------------------------------------------
// LAYOUT_REPAIRED: an indicator row whose layout the importer inferred, with each reason.

const what = (k: LabelKind, lang: Lang) => LABEL_KIND[k][lang];

export const LayoutReasons = defineMessages('imports', {
  LAYOUT_WRAPPED_LABEL: {
    zh: (p: { text: string; joined: string }) => `标签“${p.text}”折行，识别为“${p.joined}”`,
    en: (p: { text: string; joined: string }) => `wrapped label "${p.text}" read as "${p.joined}"`,
  },
  LAYOUT_LEVEL1_IMPLIED: {
    zh: (p: { level1: string; level2: string }) =>
      `由二级指标“${valueLabel(p.level2, 'zh', 'level2')}”推定一级指标“${valueLabel(p.level1, 'zh', 'level1')}”`,
    en: (p: { level1: string; level2: string }) =>
      `level-1 "${valueLabel(p.level1, 'zh', 'level1')}" implied by level-2 "${valueLabel(p.level2, 'zh', 'level2')}"`,
  },
  LAYOUT_LEVEL1_IMPLIED_BY_COST: {
    zh: (p: { text: string }) => `由成本类型“${p.text}”推定一级指标“产出指标”`,
    en: (p: { text: string }) => `level-1 "产出指标" implied by cost type "${p.text}"`,
  },
  LAYOUT_LEVEL2_IMPLIED: {
    zh: () => '推定二级指标“服务对象满意度指标”',
    en: () => 'level-2 "服务对象满意度指标" implied under "满意度指标"',
  },
  LAYOUT_LEVEL2_IN_NAME_COLUMN: {
    zh: (p: { text: string }) => `二级指标“${p.text}”位于三级指标（名称）列`,
    en: (p: { text: string }) => `level-2 label "${p.text}" sits in the name column`,
  },
  LAYOUT_SHIFTED: {
    zh: (p: {
      columns: number;
      direction: 'left' | 'right';
      moves: Array<{ kind: LabelKind; text: string }>;
    }) =>
      `${p.direction === 'left' ? '左' : '右'}移${p.columns}列：${p.moves.map((m) => `${what(m.kind, 'zh')}“${m.text}”`).join('、')}`,
    en: (p: {
      columns: number;
      direction: 'left' | 'right';
      moves: Array<{ kind: LabelKind; text: string }>;
    }) =>
      `shifted ${p.columns} column${p.columns > 1 ? 's' : ''} ${p.direction}: ${p.moves
        .map((m) => `${what(m.kind, 'en')} "${m.text}"`)
        .join(', ')}`,
  },
  LAYOUT_CELL_MOVED: {
    zh: (p: { kind: LabelKind; text: string; column: number; expected: number }) =>
      `${what(p.kind, 'zh')}“${p.text}”位于第${p.column}列（表头为第${p.expected}列）`,
    en: (p: { kind: LabelKind; text: string; column: number; expected: number }) =>
      `${what(p.kind, 'en')} "${p.text}" in column ${p.column} (header: column ${p.expected})`,
  },
  LAYOUT_GOAL_COLUMN: {
    zh: (p: { column: number; item: string; itemColumn: number }) =>
      `目标文本位于第${p.column}列，归入“${item(p.item, 'zh')}”（第${p.itemColumn}列）`,
    en: (p: { column: number; item: string; itemColumn: number }) =>
      `goal text in column ${p.column} taken as ${item(p.item, 'zh')} (column ${p.itemColumn})`,
  },
});

/** One reason of a LAYOUT_REPAIRED finding: a code of LayoutReasons and its parameters. */
export interface LayoutReason {
  code: keyof typeof LayoutReasons;
  params: Record<string, unknown>;
}

type Repaired = { line: number; reasons: LayoutReason[] };

export const IMPORT_FINDINGS = defineFindings('imports', {
  LAYOUT_REPAIRED: {
    title: { zh: '导入时推定了版式', en: 'layout inferred on import' },
    zh: (p: Repaired) => `第${p.line}行：${p.reasons.map((r) => render(r.code, r.params, 'zh')).join('；')}`,
    en: (p: Repaired) => `line ${p.line}: ${p.reasons.map((r) => render(r.code, r.params, 'en')).join('; ')}`,
    hint: {
      zh: () =>
        '导入时按内容推定了该行各单元格的位置；请核对该条指标的一级指标、二级指标、名称和年度指标值。',
      en: () =>
        'The importer placed the cells of this row by their content; check the indicator’s levels, name and target.',
    },
  },
});

defineEnumeration('importFinding', { LAYOUT_REPAIRED: IMPORT_FINDINGS.LAYOUT_REPAIRED.title });

// ---------------------------------------------------------------------------------------------
// What the import CLI prints (npm run import), in the operator's language (--lang, Chinese by default).

export const ImportCliMessages = defineMessages('imports', {
  IMPORT_CLI_USAGE: {
    zh: () =>
      '用法：npm run import -- <文件> --department <部门代码> [--as <用户名>] [--dry-run] [--lang en]',
    en: () => 'usage: npm run import -- <file> --department <code> [--as <username>] [--dry-run] [--lang en]',
  },
  IMPORT_CLI_NO_DEPARTMENT: {
    zh: (p: { code: string }) => `没有代码为 ${p.code} 的部门`,
    en: (p: { code: string }) => `no department with code ${p.code}`,
  },
  IMPORT_CLI_NO_SUBMITTER: {
    zh: (p: { code: string; as?: string }) =>
      `部门 ${p.code} 中没有${p.as ? `用户名为 ${p.as} 的` : ''}有效填报人：导入须以一名填报人的身份进行`,
    en: (p: { code: string; as?: string }) =>
      `no active submitter${p.as ? ` ${p.as}` : ''} in department ${p.code}: the import is made on behalf of one`,
  },
  IMPORT_CLI_DECLARATION: {
    zh: (p: {
      id?: number;
      projectName: string | null;
      indicators: number;
      errors: number;
      others: number;
    }) =>
      `${p.id !== undefined ? `#${p.id} ` : ''}${p.projectName ?? '（未填项目名称）'}：${p.indicators} 条三级指标，${p.errors} 个错误，${p.others} 个其他提示`,
    en: (p: {
      id?: number;
      projectName: string | null;
      indicators: number;
      errors: number;
      others: number;
    }) =>
      `${p.id !== undefined ? `#${p.id} ` : ''}${p.projectName ?? '(no project name)'}: ${p.indicators} indicators, ${p.errors} errors, ${p.others} other findings`,
  },
  IMPORT_CLI_DRY_RUN: {
    zh: () => '试导入：未创建任何申报',
    en: () => 'dry run: nothing created',
  },
  IMPORT_CLI_CREATED: {
    zh: (p: { count: number; department: string; username: string }) =>
      `已在${p.department}以 ${p.username} 的名义创建 ${p.count} 份编制中申报`,
    en: (p: { count: number; department: string; username: string }) =>
      `created ${p.count} drafts in ${p.department} on behalf of ${p.username}`,
  },
});

// ---------------------------------------------------------------------------------------------
// Audit comments of an import (kept in Chinese, the record's language).

export const ImportAuditMessages = defineMessages('imports', {
  IMPORTED_FROM_COMMENT: {
    zh: (p: { file?: string; line?: number }) =>
      `从${p.file !== undefined ? `文件“${p.file}”` : '请求正文'}导入${p.line !== undefined ? `，第 ${p.line} 行` : ''}`,
    en: (p: { file?: string; line?: number }) =>
      `imported from ${p.file ?? 'the request body'}${p.line !== undefined ? `, line ${p.line}` : ''}`,
  },
});
