import { defineErrors, type L } from '../common/errors';
import { defineMessages } from '../common/i18n';

/**
 * The catalogue of next year's declaration (issue 16 item 3): `POST /api/declarations/:id/next-year`
 * copies an approved declaration into the following year's draft, and `GET …/lineage` links the years.
 */
export const NextYearErrors = defineErrors('nextYear', {
  NEXT_YEAR_SOURCE_NOT_APPROVED: {
    status: 409,
    zh: (p: L<{ id: number; stateZh: string }>) =>
      `申报（编号 ${p.id}）尚未批复（当前为“${p.stateZh}”），批复后才能据此生成下一年度申报`,
    en: (p: L<{ id: number; state: string }>) =>
      `declaration ${p.id} is not approved yet (state ${p.state}); next year's declaration is made from an approved one`,
  },
  NEXT_YEAR_EXISTS: {
    status: 409,
    zh: (p: L<{ year: number; existingId: number }>) =>
      `该项目已有 ${p.year} 年度申报（编号 ${p.existingId}），不能重复生成`,
    en: (p: L<{ year: number; existingId: number }>) =>
      `this project already has a declaration for ${p.year} (${p.existingId})`,
  },
});

/** The words the service writes into the audit trail (Chinese, the record's language). */
defineMessages('nextYear', {
  NEXT_YEAR_CREATED_COMMENT: {
    zh: (p: { year: number; id: number; versionNo: number }) =>
      `由 ${p.year} 年度申报（编号 ${p.id}）已批复版本 ${p.versionNo} 生成`,
    en: (p: { year: number; id: number; versionNo: number }) =>
      `made from approved version ${p.versionNo} of the ${p.year} declaration ${p.id}`,
  },
  NEXT_YEAR_INDICATOR_COMMENT: {
    zh: (p: { year: number; indicatorId: number }) =>
      `复制自 ${p.year} 年度三级指标（编号 ${p.indicatorId}）`,
    en: (p: { year: number; indicatorId: number }) => `copied from indicator ${p.indicatorId} of ${p.year}`,
  },
});
