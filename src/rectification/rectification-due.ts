/**
 * The one place a rectification item's due date is counted (整改期限). For now in CALENDAR days
 * from the day the item opens (Beijing time); the working-day calendar (issue 18 item 6, built
 * in parallel) will replace the body of `dueAfter`, and every caller follows.
 */
export function dueAfter(fromDay: string, days: number): string {
  const t = Date.parse(`${fromDay}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Today in Beijing time (UTC+8): due dates and "overdue" are whole days there. */
export function beijingToday(iso: string = new Date().toISOString()): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Overdue: still open (not closed with evidence, not accepted) after its due day. */
export function isOverdue(status: string, dueOn: string, today: string): boolean {
  return status === 'open' && dueOn < today;
}
