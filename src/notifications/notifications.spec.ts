import { describe, expect, it } from '@jest/globals';
import { SHIPPED_CALENDARS } from '../calendar/shipped';
import { WorkCalendar } from '../calendar/working-days';
import { thresholdsAt } from './deadline-sweep.service';
import { tokenExpiry } from './notification-stream';
import { localDate, renderNotification } from './notifications.messages';
import { linkFor } from './outbox';

const DAYS = { internalReview: 5, bureauReview: 10 };
const N = { dueSoonDays: 2, escalateAfterDays: 2 };
const calendar = new WorkCalendar(SHIPPED_CALENDARS);
// A Sunday, 10:00 in Beijing: the internal review is due Friday 3/6, the bureau's Friday 3/13.
const entered = '2026-03-01T02:00:00.000Z';
/** Noon of a day in Beijing. */
const at = (date: string) => new Date(`${date}T12:00:00+08:00`).toISOString();

describe('deadline thresholds, in working days', () => {
  it.each([
    ['internalReview', '2026-03-03', []],
    // Due Friday: due soon from the Wednesday (2 working days before), overdue from Saturday.
    ['internalReview', '2026-03-04', ['dueSoon']],
    ['internalReview', '2026-03-06', ['dueSoon']],
    ['internalReview', '2026-03-07', ['overdue']],
    ['internalReview', '2026-03-10', ['overdue']],
    // Escalated once two working days past the due day are over (Monday, Tuesday).
    ['internalReview', '2026-03-11', ['overdue', 'escalated']],
    ['monitoring.internalReview', '2026-03-11', ['overdue', 'escalated']],
    ['bureauReview', '2026-03-10', []],
    ['bureauReview', '2026-03-11', ['dueSoon']],
    ['bureauReview', '2026-03-14', ['overdue']],
    // The 数据局 reviews a bureau review already: never escalated.
    ['bureauReview', '2026-04-01', ['overdue']],
    ['drafting', '2026-04-01', []],
  ])('%s on %s: %j', (state, day, expected) => {
    expect(thresholdsAt({ state, enteredAt: entered }, at(day), DAYS, N, calendar)).toEqual(expected);
  });

  it('skip the 国庆 holidays: entered 9/30, due 10/13 (10/10, a Saturday, works)', () => {
    const stay = { state: 'internalReview', enteredAt: at('2026-09-30') };
    expect(thresholdsAt(stay, at('2026-10-08'), DAYS, N, calendar)).toEqual([]);
    expect(thresholdsAt(stay, at('2026-10-10'), DAYS, N, calendar)).toEqual(['dueSoon']);
    expect(thresholdsAt(stay, at('2026-10-13'), DAYS, N, calendar)).toEqual(['dueSoon']);
    expect(thresholdsAt(stay, at('2026-10-14'), DAYS, N, calendar)).toEqual(['overdue']);
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

  it('an escalation says the working days it is over; one written before, the calendar days it counted', () => {
    const base = { projectName: 'X', state: 'internalReview', dueAt: '2026-03-05T15:59:59.999Z' };
    expect(renderNotification('review.escalated', { ...base, workingDays: 3 }, 'zh').body).toContain(
      '已逾期 3 个工作日（2026-03-05 到期）',
    );
    expect(renderNotification('review.escalated', { ...base, workingDays: 3 }, 'en').body).toContain(
      'is 3 working days overdue',
    );
    expect(renderNotification('review.escalated', { ...base, days: 5 }, 'zh').body).toContain(
      '已逾期 5 天（2026-03-05 到期）',
    );
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
