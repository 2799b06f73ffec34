import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels } from '../common/i18n';

/**
 * The catalogue of the caller's queue (`GET /api/queues/mine`) and its own query parameters. The
 * filters it shares with the declarations list refuse with codes of this catalogue that live
 * beside them (`WorkListErrors` in declarations/declarations.messages.ts).
 */

export const QueueErrors = defineErrors('queues', {
  QUEUE_FILTER_NAME_TAKEN: {
    status: 409,
    zh: (p: L<{ name: string }>) => `${p.label}：已有名为「${p.name}」的筛选，请换一个名称或先删除原有的`,
    en: (p: L<{ name: string }>) => `${p.label}: you already have a filter named ${p.name}`,
  },
  QUEUE_FILTER_LIMIT: {
    status: 409,
    zh: (p: L<{ max: number }>) => `最多可保存 ${p.max} 个筛选，请先删除不再使用的`,
    en: (p: L<{ max: number }>) => `at most ${p.max} saved filters: delete one you no longer use first`,
  },
  QUEUE_FILTER_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `没有编号为 ${p.id} 的已保存筛选`,
    en: (p: L<{ id: number }>) => `no saved filter ${p.id}`,
  },
  QUEUE_CURSOR_OTHER_SORT: {
    status: 400,
    zh: (p: L) => `${p.label}：该翻页标记属于另一种排序方式；更换排序后请从第一页开始`,
    en: (p: L) => `${p.label}: this cursor belongs to another sort order; start from the first page`,
  },
});

/** The queue's own query parameters, in the form's terms. */
defineFieldLabels({
  filters: { zh: '筛选条件', en: 'filters' },
  name: { zh: '名称', en: 'name' },
  overdue: { zh: '是否逾期', en: 'overdue' },
  sort: { zh: '排序方式', en: 'sort order' },
});

/** How a queue is ordered (`?sort=`). */
export const QUEUE_SORTS = defineEnumeration('queueSort', {
  oldest: { zh: '等待最久优先', en: 'oldest first' },
  due: { zh: '截止日期最近优先', en: 'nearest due date first' },
});
export type QueueSort = (typeof QUEUE_SORTS)[number];
