import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, defineMessages } from '../common/i18n';

/**
 * The catalogue of the indicator library (指标库, issue 18 item 1): `GET /api/library/entries`,
 * the proposals (入库, 修改, 出库) and their two approvals, the xlsx import and export, an
 * indicator's link to an entry and the lineage of linked indicators across years.
 */
export const LibraryErrors = defineErrors('library', {
  LIBRARY_ENTRY_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `${p.label}：指标库中没有编号为 ${p.id} 的指标`,
    en: (p: L<{ id: number }>) => `${p.label}: the library has no entry ${p.id}`,
  },
  LIBRARY_PROPOSAL_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `指标库变更申请（编号 ${p.id}）不存在`,
    en: (p: L<{ id: number }>) => `library proposal ${p.id} not found`,
  },
  LIBRARY_CODE_FORMAT: {
    status: 400,
    zh: (p: L) => `${p.label}：只能由字母、数字和 . _ - 组成，且以字母或数字开头`,
    en: (p: L) => `${p.label}: letters, digits and . _ - only, starting with a letter or digit`,
  },
  LIBRARY_CODE_TAKEN: {
    status: 409,
    zh: (p: L<{ code: string; entryId: number }>) =>
      `${p.label}“${p.code}”已被指标库中的另一条指标（编号 ${p.entryId}）使用`,
    en: (p: L<{ code: string; entryId: number }>) => `${p.label} ${p.code} is used by entry ${p.entryId}`,
  },
  LIBRARY_CODE_PENDING: {
    status: 409,
    zh: (p: L<{ code: string; proposalId: number }>) =>
      `${p.label}“${p.code}”已在待审批的入库申请（编号 ${p.proposalId}）中使用`,
    en: (p: L<{ code: string; proposalId: number }>) =>
      `${p.label} ${p.code} is used by the open proposal ${p.proposalId}`,
  },
  LIBRARY_ENTRY_PENDING: {
    status: 409,
    zh: (p: L<{ proposalId: number }>) =>
      `该指标已有待审批的变更申请（编号 ${p.proposalId}），请待其审批完成或退回后再提出`,
    en: (p: L<{ proposalId: number }>) => `the entry already has an open proposal (${p.proposalId})`,
  },
  LIBRARY_ENTRY_RETIRED: {
    status: 409,
    zh: (p: L<{ code: string }>) => `指标“${p.code}”已出库，不能再修改、出库或选用`,
    en: (p: L<{ code: string }>) => `entry ${p.code} is retired`,
  },
  LIBRARY_ENTRY_NOT_VALID_FOR_YEAR: {
    status: 409,
    zh: (p: L<{ code: string; year: number; validFrom: number; validTo: number | null }>) =>
      `指标“${p.code}”的有效期为 ${p.validFrom} 年至${p.validTo === null ? '今' : ` ${p.validTo} 年`}，不适用于 ${p.year} 年度的申报`,
    en: (p: L<{ code: string; year: number; validFrom: number; validTo: number | null }>) =>
      `entry ${p.code} is valid from ${p.validFrom} to ${p.validTo ?? 'now'}, not for ${p.year}`,
  },
  LIBRARY_FIELD_REQUIRED_FOR_KIND: {
    status: 400,
    zh: (p: L<{ kind: string; kindZh: string }>) => `${p.label}：${p.kindZh}申请必须填写`,
    en: (p: L<{ kind: string; kindZh: string }>) => `${p.label}: required for a ${p.kind} proposal`,
  },
  LIBRARY_FIELD_NOT_FOR_KIND: {
    status: 400,
    zh: (p: L<{ kind: string; kindZh: string }>) => `${p.label}：${p.kindZh}申请不应填写此项`,
    en: (p: L<{ kind: string; kindZh: string }>) => `${p.label}: not part of a ${p.kind} proposal`,
  },
  LIBRARY_CHANGE_EMPTY: {
    status: 400,
    zh: () => '修改申请没有改动任何内容：请至少修改一项',
    en: () => 'the change proposal changes nothing',
  },
  LIBRARY_LEVELS_MISMATCH: {
    status: 400,
    zh: (p: L<{ level1: string; level2: string; level1Zh: string; level2Zh: string }>) =>
      `${p.label}：“${p.level2Zh}”不属于一级指标“${p.level1Zh}”`,
    en: (p: L<{ level1: string; level2: string; level1Zh: string; level2Zh: string }>) =>
      `${p.label}: ${p.level2} is not under ${p.level1}`,
  },
  LIBRARY_UNIT_FOR_QUALITATIVE: {
    status: 400,
    zh: (p: L) => `${p.label}：定性指标不填写计量单位`,
    en: (p: L) => `${p.label}: a qualitative indicator has no unit`,
  },
  LIBRARY_UNIT_REQUIRED: {
    status: 400,
    zh: (p: L) => `${p.label}：定量指标（越高越好、越低越好）须填写计量单位`,
    en: (p: L) => `${p.label}: a quantitative indicator needs a unit`,
  },
  LIBRARY_YEARS_ORDER: {
    status: 400,
    zh: (p: L<{ validFrom: number; validTo: number }>) =>
      `${p.label} ${p.validTo} 早于有效起始年度 ${p.validFrom}`,
    en: (p: L<{ validFrom: number; validTo: number }>) => `${p.label} ${p.validTo} is before ${p.validFrom}`,
  },
  LIBRARY_EVENT_NOT_ALLOWED_IN_STATE: {
    status: 409,
    zh: (p: L<{ event: string; state: string; eventZh: string; stateZh: string }>) =>
      `该申请当前为“${p.stateZh}”，不能${p.eventZh}`,
    en: (p: L<{ event: string; state: string; eventZh: string; stateZh: string }>) =>
      `${p.event} is not possible in state ${p.state}`,
  },
  LIBRARY_ROLE_NOT_ALLOWED: {
    status: 403,
    zh: () => '只有数据局审核人可以审批指标库变更申请',
    en: () => 'only bureau reviewers decide library proposals',
  },
  LIBRARY_OWN_PROPOSAL: {
    status: 403,
    zh: () => '不能审批本人提出的指标库变更申请（不相容职责分离）',
    en: () => 'you cannot approve a proposal you made (segregation of duties)',
  },
  LIBRARY_SECOND_APPROVER_SAME: {
    status: 403,
    zh: () => '复审须由另一位数据局审核人进行：您已完成该申请的初审',
    en: () => 'the second approval must be given by another bureau reviewer than the first',
  },
  LIBRARY_RETURN_REASON_REQUIRED: {
    status: 400,
    zh: (p: L) => `${p.label}：退回时必须填写退回原因`,
    en: (p: L) => `${p.label}: a return needs a reason`,
  },
  LIBRARY_PROPOSAL_STALE: {
    status: 409,
    zh: (p: L<{ currentVersion: number }>) =>
      `${p.label}已过期：该申请已被他人处理，当前版本为 ${p.currentVersion}；请刷新后再操作`,
    en: (p: L<{ currentVersion: number }>) =>
      `${p.label} is stale; the current version is ${p.currentVersion}`,
  },
  LIBRARY_IMPORT_INVALID: {
    status: 400,
    zh: (p: L<{ count: number }>) => `指标库导入文件有 ${p.count} 处问题，未导入任何内容`,
    en: (p: L<{ count: number }>) => `the library workbook has ${p.count} problem(s); nothing was imported`,
  },
  LIBRARY_IMPORT_CELL: {
    status: 400,
    zh: (p: L<{ row: number; column: string; header: string; problem: string }>) =>
      `第 ${p.row} 行 ${p.column} 列（${p.header}）：${p.problem}`,
    en: (p: L<{ row: number; column: string; header: string; problemEn: string }>) =>
      `row ${p.row}, column ${p.column} (${p.header}): ${p.problemEn}`,
  },
  LIBRARY_IMPORT_NOT_WORKBOOK: {
    status: 400,
    zh: () => '上传的文件不是可读取的 Excel（.xlsx）工作簿',
    en: () => 'the upload is not a readable .xlsx workbook',
  },
  LIBRARY_IMPORT_HEADER: {
    status: 400,
    zh: (p: L<{ column: string; expected: string; found: string }>) =>
      `第 1 行 ${p.column} 列应为表头“${p.expected}”，实为“${p.found}”；请使用指标库导出的模板`,
    en: (p: L<{ column: string; expected: string; found: string }>) =>
      `row 1, column ${p.column} should be "${p.expected}", found "${p.found}"; use the library's export as template`,
  },
  LIBRARY_IMPORT_EMPTY: {
    status: 400,
    zh: () => '导入文件中没有指标行（从第 2 行起）',
    en: () => 'the workbook has no entry rows (from row 2)',
  },
});

/** The words the service writes into the audit trail and the import's cell problems. */
export const LibraryMessages = defineMessages('library', {
  LIBRARY_CELL_REQUIRED: { zh: () => '必须填写', en: () => 'required' },
  LIBRARY_CELL_TOO_LONG: {
    zh: (p: { max: number }) => `不能超过 ${p.max} 个字符`,
    en: (p: { max: number }) => `at most ${p.max} characters`,
  },
  LIBRARY_CELL_ONE_OF: {
    zh: (p: { values: string }) => `须为以下之一：${p.values}`,
    en: (p: { values: string }) => `must be one of: ${p.values}`,
  },
  LIBRARY_CELL_YEAR: { zh: () => '须为四位年份，如 2026', en: () => 'must be a year such as 2026' },
  LIBRARY_CELL_DUPLICATE: {
    zh: (p: { first: number }) => `与第 ${p.first} 行的指标编码重复`,
    en: (p: { first: number }) => `the same code as row ${p.first}`,
  },
  LIBRARY_CELL_RULE: { zh: (p: { text: string }) => p.text, en: (p: { text: string }) => p.text },
  LIBRARY_APPLIED_COMMENT: {
    zh: (p: { proposalId: number }) => `指标库变更申请（编号 ${p.proposalId}）经两级审批后生效`,
    en: (p: { proposalId: number }) => `applied by library proposal ${p.proposalId} after both approvals`,
  },
});

export const LIBRARY_DIRECTIONS = defineEnumeration('libraryDirection', {
  higher: { zh: '越高越好', en: 'higher is better' },
  lower: { zh: '越低越好', en: 'lower is better' },
  qualitative: { zh: '定性', en: 'qualitative' },
});

export const LIBRARY_ENTRY_STATUSES = defineEnumeration('libraryEntryStatus', {
  active: { zh: '在库', en: 'in the library' },
  retired: { zh: '已出库', en: 'retired' },
});

export const PROPOSAL_KINDS = defineEnumeration('libraryProposalKind', {
  add: { zh: '入库', en: 'add' },
  change: { zh: '修改', en: 'change' },
  retire: { zh: '出库', en: 'retire' },
});

export const PROPOSAL_STATE_WORDS = defineEnumeration('libraryProposalState', {
  proposed: { zh: '待初审', en: 'awaiting first approval' },
  firstApproved: { zh: '待复审', en: 'awaiting second approval' },
  applied: { zh: '已生效', en: 'applied' },
  returned: { zh: '已退回', en: 'returned' },
});

export const LIBRARY_EVENT_WORDS = defineEnumeration('libraryEvent', {
  APPROVE: { zh: '审批通过', en: 'approve' },
  RETURN: { zh: '退回', en: 'return' },
});

/** An entry's fields in words (the 400s, the import's headers, the audit log). */
export const LIBRARY_FIELD_WORDS = {
  code: { zh: '指标编码', en: 'code' },
  level1: { zh: '一级指标', en: 'level-1 category' },
  level2: { zh: '二级指标', en: 'level-2 category' },
  name: { zh: '三级指标名称', en: 'indicator name' },
  definition: { zh: '指标解释', en: 'definition' },
  formula: { zh: '计算公式', en: 'formula' },
  dataSource: { zh: '数据来源', en: 'data source' },
  scoringStandard: { zh: '评（扣）分标准', en: 'scoring standard' },
  direction: { zh: '指标方向', en: 'direction' },
  unit: { zh: '计量单位', en: 'unit' },
  sector: { zh: '支出功能分类', en: 'functional classification' },
  validFrom: { zh: '有效起始年度', en: 'valid from' },
  validTo: { zh: '有效截止年度', en: 'valid to' },
} as const;
export type LibraryField = keyof typeof LIBRARY_FIELD_WORDS;
export const LIBRARY_FIELDS = Object.keys(LIBRARY_FIELD_WORDS) as LibraryField[];

defineFieldLabels({
  ...Object.fromEntries(LIBRARY_FIELDS.map((f) => [`entry.${f}`, LIBRARY_FIELD_WORDS[f]])),
  entry: { zh: '指标内容', en: 'entry' },
  entryId: { zh: '指标库指标', en: 'library entry' },
  libraryEntryId: { zh: '指标库指标', en: 'library entry' },
  proposalId: { zh: '指标库变更申请', en: 'library proposal' },
  operation: { zh: '申请类型', en: 'operation' },
  search: { zh: '名称或编码关键词', en: 'words of the name or code' },
  sector: { zh: '支出功能分类', en: 'functional classification' },
  retired: { zh: '包含已出库', en: 'include retired' },
});
