import type { WorkCalendar } from '../calendar/working-days';

/**
 * The one place a rectification item's due date is counted (整改期限): `workingDays` working days
 * after `at` (weekends and public holidays off, 调休 on: src/calendar), as review deadlines are.
 */
export function dueAfter(calendar: WorkCalendar, at: string, workingDays: number): string {
  return calendar.due(at, workingDays).dueDate;
}

/** Overdue: still open (not closed with evidence, not accepted) after its due day. */
export function isOverdue(status: string, dueOn: string, today: string): boolean {
  return status === 'open' && dueOn < today;
}
