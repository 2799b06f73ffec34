import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, type Lang } from '../common/i18n';

/**
 * The catalogue of the work lists: the caller's queue (`GET /api/queues/mine`), the filters of
 * the declarations list (`GET /api/declarations`), and their query parameters.
 */

const list = (values: readonly string[], lang: Lang) => values.join(lang === 'zh' ? '、' : ', ');

export const QueueErrors = defineErrors('queues', {
  DECLARATION_STATE_UNKNOWN: {
    status: 400,
    zh: (p: L<{ value: string; values: Record<Lang, string[]> }>) =>
      `${p.label}：「${p.value}」不是申报表的状态；可选的状态：${list(p.values.zh, 'zh')}`,
    en: (p: L<{ value: string; values: Record<Lang, string[]> }>) =>
      `${p.label}: "${p.value}" is not a state of a declaration; use one of: ${list(p.values.en, 'en')}`,
  },
  FILTER_DEPARTMENT_UNKNOWN: {
    status: 400,
    zh: (p: L<{ id: number }>) => `${p.label}：没有编号为 ${p.id} 的部门`,
    en: (p: L<{ id: number }>) => `${p.label}: there is no department ${p.id}`,
  },
  QUEUE_CURSOR_OTHER_SORT: {
    status: 400,
    zh: (p: L) => `${p.label}：该翻页标记属于另一种排序方式；更换排序后请从第一页开始`,
    en: (p: L) => `${p.label}: this cursor belongs to another sort order; start from the first page`,
  },
});

/** The query parameters of the lists, in the form's terms. */
defineFieldLabels({
  state: { zh: '状态', en: 'state' },
  q: { zh: '项目名称关键词', en: 'words of the project name' },
  overdue: { zh: '是否逾期', en: 'overdue' },
  sort: { zh: '排序方式', en: 'sort order' },
});

/** How a queue is ordered (`?sort=`). */
export const QUEUE_SORTS = defineEnumeration('queueSort', {
  oldest: { zh: '等待最久优先', en: 'oldest first' },
  due: { zh: '截止日期最近优先', en: 'nearest due date first' },
});
export type QueueSort = (typeof QUEUE_SORTS)[number];
