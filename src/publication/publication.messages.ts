import { defineErrors, type L } from '../common/errors';
import { defineFieldLabels, defineMessages } from '../common/i18n';

/**
 * The catalogue of 绩效目标公开 (issue 18 item 3): the bureau's decisions, the public table and
 * its verification. The verification's answers per row are messages, not refusals: a table
 * that does not verify is a 200 naming each row and why.
 */
export const PublicationErrors = defineErrors('publication', {
  PUBLICATION_NOT_APPROVED: {
    status: 409,
    zh: (p: L<{ id: number }>) => `申报（编号 ${p.id}）尚无批准版本，批准后才能决定是否公开`,
    en: (p: L<{ id: number }>) =>
      `declaration ${p.id} has no approved version yet; publication is decided once it is approved`,
  },
  PUBLICATION_REASON_REQUIRED: {
    status: 400,
    zh: (p: L) => `${p.label}：不公开时必须填写非公开原因`,
    en: (p: L) => `${p.label}: a reason is required when the targets are not published`,
  },
  PUBLICATION_REASON_NOT_ALLOWED: {
    status: 400,
    zh: (p: L) => `${p.label}：公开时不填写非公开原因`,
    en: (p: L) => `${p.label}: no reason is given when the targets are published`,
  },
  PUBLIC_TABLE_UNREADABLE: {
    status: 400,
    zh: (p: L<{ why: string }>) => `无法识别上传的绩效目标公开表：${p.why}`,
    en: (p: L<{ why: string }>) => `the uploaded table cannot be read: ${p.why}`,
  },
  PUBLIC_RATE_LIMITED: {
    status: 429,
    zh: (p: L<{ seconds: number }>) => `公开表的下载和核验请求过于频繁，请 ${p.seconds} 秒后再试`,
    en: (p: L<{ seconds: number }>) =>
      `too many requests for the public tables from your address; retry in ${p.seconds} s`,
  },
  PUBLIC_TABLE_EMPTY: {
    status: 400,
    zh: () => '表中没有可校验的项目：请上传本系统导出的绩效目标公开表（Excel 工作簿或网页文件）',
    en: () =>
      'the table holds no project to verify: upload a public table this service exported (.xlsx or .html)',
  },
});

/** Why a row of a public table does not verify, and the notes of one that does. */
defineMessages('publication', {
  PUBLIC_ROW_NOT_PUBLISHED: {
    zh: (p: { id: number }) => `未找到编号为 ${p.id} 的已公开申报（该申报不存在或未公开）`,
    en: (p: { id: number }) => `no published declaration ${p.id} (it does not exist or is not published)`,
  },
  PUBLIC_ROW_VERSION_UNKNOWN: {
    zh: (p: { id: number; versionNo: number }) => `申报（编号 ${p.id}）没有批准版本 ${p.versionNo}`,
    en: (p: { id: number; versionNo: number }) =>
      `declaration ${p.id} has no approved version ${p.versionNo}`,
  },
  PUBLIC_ROW_CELL_CHANGED: {
    zh: (p: { what: string; shown: string; approved: string }) =>
      `${p.what}：表中为“${p.shown}”，批准版本为“${p.approved}”`,
    en: (p: { what: string; shown: string; approved: string }) =>
      `${p.what}: the table has "${p.shown}", the approved version "${p.approved}"`,
  },
  PUBLIC_ROW_CONTENT_NOT_HASH: {
    zh: () => '表中该项目的内容与表中所列内容哈希值不符：表格内容已被改动',
    en: () => "the row's content does not hash to the SHA-256 the table gives: the table was altered",
  },
  PUBLIC_ROW_HASH_MISMATCH: {
    zh: () => '表中所列内容哈希值与批准版本的内容哈希值不符',
    en: () => "the SHA-256 the table gives is not the approved version's",
  },
  PUBLIC_ROW_VERSION_ALTERED: {
    zh: () => '系统中保存的批准版本与审计链上批准记录的内容哈希值不符：批准版本在数据库中已被改动',
    en: () =>
      "the stored approved version does not hash to what the approval's audit event recorded: it was altered",
  },
  PUBLIC_ROW_EVENT_MISSING: {
    zh: (p: { chain: string; seq: number }) => `审计链 ${p.chain} 上没有第 ${p.seq} 号事件`,
    en: (p: { chain: string; seq: number }) => `chain ${p.chain} has no event ${p.seq}`,
  },
  PUBLIC_ROW_EVENT_HASH_MISMATCH: {
    zh: (p: { chain: string; seq: number }) =>
      `审计链 ${p.chain} 第 ${p.seq} 号事件的哈希值与表中所列链头哈希值不符`,
    en: (p: { chain: string; seq: number }) =>
      `the hash of event ${p.seq} of chain ${p.chain} is not the one the table gives`,
  },
  PUBLIC_ROW_EVENT_NOT_APPROVAL: {
    zh: (p: { chain: string; seq: number; versionNo: number }) =>
      `审计链 ${p.chain} 第 ${p.seq} 号事件不是批准版本 ${p.versionNo} 的批准记录`,
    en: (p: { chain: string; seq: number; versionNo: number }) =>
      `event ${p.seq} of chain ${p.chain} is not the approval of version ${p.versionNo}`,
  },
  PUBLIC_ROW_CHAIN_BROKEN: {
    zh: (p: { reason: string }) => `审计链校验未通过：${p.reason}`,
    en: (p: { reason: string }) => `the audit chain does not verify: ${p.reason}`,
  },
  PUBLIC_ROW_NEWER_VERSION: {
    zh: (p: { versionNo: number }) => `该项目此后又有批准版本 ${p.versionNo}（目标调整），现行公开表以其为准`,
    en: (p: { versionNo: number }) =>
      `a later approved version ${p.versionNo} exists (an adjustment); the current table shows it`,
  },
  PUBLIC_ROW_OK: {
    zh: (p: { versionNo: number; at: string }) =>
      `与批准版本 ${p.versionNo}（${p.at} 批准）完全一致，审计链校验通过`,
    en: (p: { versionNo: number; at: string }) =>
      `exactly approved version ${p.versionNo} (approved ${p.at}); the audit chain verifies`,
  },
});

defineFieldLabels({
  published: { zh: '是否公开', en: 'published' },
  notPublishedReason: { zh: '非公开原因', en: 'reason not published' },
  'rows[]': { zh: '核验记录', en: 'row' },
  rows: { zh: '核验记录', en: 'rows' },
  'rows.declarationId': { zh: '申报编号', en: 'declaration id' },
  'rows.versionNo': { zh: '批准版本', en: 'approved version' },
  'rows.contentSha256': { zh: '内容哈希（SHA-256）', en: 'content SHA-256' },
  'rows.seq': { zh: '批准事件序号', en: 'approval event seq' },
  'rows.eventHash': { zh: '批准事件哈希', en: 'approval event hash' },
});
