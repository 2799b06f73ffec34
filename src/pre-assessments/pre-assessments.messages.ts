import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels } from '../common/i18n';
import type { PreAssessmentConclusion } from '../declarations/pre-assessment-need';

/**
 * The catalogue of the pre-assessment (事前绩效评估, 中发〔2018〕34号; issue 18 item 4): its five
 * dimensions and conclusions in words, and the refusals of its routes.
 */

/** The five dimensions, in the order of the form (their keys are the body's fields). */
export const PRE_ASSESSMENT_DIMENSIONS = defineEnumeration('preAssessmentDimension', {
  necessity: { zh: '立项必要性', en: 'necessity of the project' },
  economy: { zh: '投入经济性', en: 'economy of the input' },
  goals: { zh: '绩效目标合理性', en: 'soundness of the performance goals' },
  feasibility: { zh: '实施方案可行性', en: 'feasibility of the plan' },
  financing: { zh: '筹资合规性', en: 'compliance of the financing' },
});
export type PreAssessmentDimension = (typeof PRE_ASSESSMENT_DIMENSIONS)[number];

export const PRE_ASSESSMENT_CONCLUSION_WORDS = defineEnumeration('preAssessmentConclusion', {
  pass: { zh: '通过', en: 'passed' },
  partial: { zh: '部分通过', en: 'partly passed' },
  fail: { zh: '不通过', en: 'not passed' },
} satisfies Record<PreAssessmentConclusion, unknown>);

defineFieldLabels({
  necessity: { zh: '立项必要性评估意见', en: 'necessity opinion' },
  economy: { zh: '投入经济性评估意见', en: 'economy opinion' },
  goals: { zh: '绩效目标合理性评估意见', en: 'performance goals opinion' },
  feasibility: { zh: '实施方案可行性评估意见', en: 'feasibility opinion' },
  financing: { zh: '筹资合规性评估意见', en: 'financing opinion' },
  conclusion: { zh: '评估结论', en: 'conclusion' },
  attachment: { zh: '评估附件', en: 'attachment' },
  attachmentId: { zh: '附件编号', en: 'attachment id' },
});

/** The kinds of file an assessment report may be, by extension (the bytes are checked too). */
export const ATTACHMENT_KINDS_TEXT = '“.pdf”“.doc”“.docx”“.xls”“.xlsx”“.ofd”“.jpg”“.png”格式的文件';

export const PreAssessmentErrors = defineErrors('preAssessments', {
  PRE_ASSESSMENT_NOT_RECORDED: {
    status: 409,
    zh: () => '尚未录入事前绩效评估，请先填写五项评估意见和评估结论并保存，再上传附件',
    en: () =>
      'no pre-assessment is recorded yet: save the five opinions and the conclusion first, then attach the file',
  },
  PRE_ASSESSMENT_ATTACHMENT_MISSING: {
    status: 400,
    zh: () => '请用表单上传（multipart/form-data）评估附件，文件字段名为 "file"',
    en: () => 'file: send the attachment as a multipart field named "file"',
  },
  PRE_ASSESSMENT_ATTACHMENT_EMPTY: {
    status: 400,
    zh: () => '评估附件是空文件',
    en: () => 'file: the attachment is empty',
  },
  PRE_ASSESSMENT_ATTACHMENT_TYPE: {
    status: 415,
    zh: (p: L<{ filename: string; kinds: string }>) =>
      `评估附件“${p.filename}”不是可接受的文件类型，或文件内容与扩展名不符；可上传${p.kinds}`,
    en: (p: L<{ filename: string; kinds: string }>) =>
      `file: "${p.filename}" is not an accepted kind of file, or its content does not match its extension (PDF, Word, Excel, OFD, JPG, PNG)`,
  },
  PRE_ASSESSMENT_ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: (p: L<{ maxMb: string }>) => `评估附件超过 ${p.maxMb} MB 的上限，请压缩或拆分后上传`,
    en: (p: L<{ maxMb: string }>) => `file: the attachment is larger than the limit of ${p.maxMb} MB`,
  },
  PRE_ASSESSMENT_ATTACHMENT_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ attachmentId: number }>) => `该申报没有编号为 ${p.attachmentId} 的事前绩效评估附件`,
    en: (p: L<{ attachmentId: number }>) =>
      `attachmentId: this declaration has no pre-assessment attachment ${p.attachmentId}`,
  },
});
