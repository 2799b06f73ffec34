import { describe, expect, it } from '@jest/globals';
import { thresholdsAt } from './deadline-sweep.service';
import { tokenExpiry } from './notification-stream';
import { localDate, renderNotification } from './notifications.messages';
import { linkFor } from './outbox';

const DAYS = { internalReview: 5, bureauReview: 10 };
const N = { dueSoonDays: 2, escalateAfterDays: 2 };
const entered = '2026-03-01T02:00:00.000Z';
const at = (days: number) => new Date(Date.parse(entered) + days * 86_400_000).toISOString();

describe('deadline thresholds', () => {
  it.each([
    ['internalReview', 2.9, []],
    ['internalReview', 3, ['dueSoon']],
    ['internalReview', 4.99, ['dueSoon']],
    ['internalReview', 5, ['overdue']],
    ['internalReview', 6.9, ['overdue']],
    ['internalReview', 7, ['overdue', 'escalated']],
    ['monitoring.internalReview', 7, ['overdue', 'escalated']],
    ['bureauReview', 8, ['dueSoon']],
    ['bureauReview', 10, ['overdue']],
    // The 数据局 reviews a bureau review already: never escalated.
    ['bureauReview', 30, ['overdue']],
    ['drafting', 30, []],
  ])('%s after %s days: %j', (state, days, expected) => {
    expect(thresholdsAt({ state, enteredAt: entered }, at(days), DAYS, N)).toEqual(expected);
  });
});

describe('messages', () => {
  it('say in Chinese what happened and where, from their parameters', () => {
    expect(
      renderNotification(
        'declaration.returned',
        {
          projectName: '一网通办',
          from: 'bureauReview',
          to: 'drafting',
          actorName: '张数据局',
          comment: '请补充',
        },
        'zh',
      ),
    ).toEqual({
      title: '已退回：一网通办',
      body: '「一网通办」在数据局审核被张数据局退回，退回原因：请补充。请修改后重新提交。',
    });
    expect(
      renderNotification('report.opened', { projectName: 'X', year: 2026, to: 'evaluation.reporting' }, 'zh')
        .title,
    ).toBe('请填报绩效自评：X');
    expect(
      renderNotification(
        'review.dueSoon',
        { projectName: 'X', state: 'internalReview', dueAt: '2026-03-05T17:00:00.000Z' },
        'en',
      ).body,
    ).toBe('The internal review of "X" is due on 2026-03-06.');
  });

  it('dates are Shanghai dates', () => {
    expect(localDate('2026-03-05T15:59:59.000Z')).toBe('2026-03-05');
    expect(localDate('2026-03-05T16:00:00.000Z')).toBe('2026-03-06');
  });

  it('link to the page of the phase', () => {
    expect(linkFor(7, 'internalReview')).toBe('/declarations/7');
    expect(linkFor(7, 'monitoring.reporting')).toBe('/monitoring/7');
    expect(linkFor(7, 'monitored', 'monitoring.bureauReview')).toBe('/monitoring/7');
    expect(linkFor(7, 'evaluation.internalReview')).toBe('/evaluation/7');
  });
});

describe('the stream ends with its token', () => {
  it("reads the token's exp", () => {
    const payload = Buffer.from(JSON.stringify({ sub: 1, exp: 1_900_000_000 })).toString('base64url');
    expect(tokenExpiry(`Bearer h.${payload}.s`)).toBe(1_900_000_000_000);
    expect(tokenExpiry(undefined)).toBeNull();
    expect(tokenExpiry('Bearer nonsense')).toBeNull();
  });
});
