import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { WorkCalendars } from '../calendar/calendar.service';
import { dayNoOf, type WorkCalendar } from '../calendar/working-days';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { DECLARATION_STATES, reviewStage, type ReviewStage } from '../lifecycle/declaration.machine';
import type { NotificationKind } from './notifications.messages';
import { reviewItems, takeReminder } from './notifications.queries';
import { linkFor, NotificationOutbox } from './outbox';
import { awaitedIn, bureauReviewersOf, usersCovering } from './recipients';

/** The thresholds of a review item, in the order they come. */
export const THRESHOLDS = ['dueSoon', 'overdue', 'escalated'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

const KIND: Record<Threshold, NotificationKind> = {
  dueSoon: 'review.dueSoon',
  overdue: 'review.overdue',
  escalated: 'review.escalated',
};

/**
 * Which thresholds an item (a stay in a review state) has reached at `now`, all in working days
 * (calendar/working-days.ts): due soon once the due day is at most `dueSoonDays` working days
 * after today, overdue once the due day is over (never both: a sweep that was off does not send
 * a stale "due soon"), and for an internal review escalated once `escalateAfterDays` working
 * days after the due day are over too.
 */
export function thresholdsAt(
  item: { state: string; enteredAt: string },
  now: string,
  deadlineDays: Record<ReviewStage, number>,
  n: { dueSoonDays: number; escalateAfterDays: number },
  calendar: WorkCalendar,
): Threshold[] {
  const stage = reviewStage(item.state);
  if (!stage) return [];
  const dueDay = calendar.dueDay(dayNoOf(item.enteredAt), deadlineDays[stage]);
  const today = dayNoOf(now);
  const reached: Threshold[] = [];
  if (today > dueDay) reached.push('overdue');
  else if (dueDay <= calendar.addWorkingDays(today, n.dueSoonDays)) reached.push('dueSoon');
  if (stage === 'internalReview' && today > calendar.addWorkingDays(dueDay, n.escalateAfterDays))
    reached.push('escalated');
  return reached;
}

const REVIEW_STATES = DECLARATION_STATES.filter((s) => reviewStage(s) !== null);

interface Item {
  id: number;
  state: string;
  enteredAt: string;
  projectName: string | null;
  year: number;
  departmentId: number;
  departmentPath: string;
  departmentName: string;
  submittedBy: number | null;
}

/**
 * Reminds reviewers of their deadlines (docs/spec/workflow.md "Review deadlines"): an item (a
 * declaration's stay in a review state) NOTIFY_DUE_SOON_DAYS working days before its deadline and once
 * overdue goes to its reviewers; an internal review NOTIFY_ESCALATE_AFTER_DAYS working days past its deadline
 * goes to the 数据局's reviewers (a bureau review's reviewers are the 数据局 already). Once per
 * item and threshold, however many instances sweep: the reminder's key (item, threshold) is
 * unique in notification_reminders, and the messages are written in the transaction that
 * inserts it, so the instance whose insert lost writes nothing.
 */
@Injectable()
export class DeadlineSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('notifications');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NotificationOutbox) private readonly outbox: NotificationOutbox,
    @Inject(WorkCalendars) private readonly calendars: WorkCalendars,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.notifications.sweepSeconds;
    if (!seconds) return;
    this.timer = setInterval(() => this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then((sent) => sent && this.logger.log(`deadline sweep: ${sent} reminders`))
      .catch((e: unknown) => this.logger.error(`deadline sweep failed: ${String(e)}`))
      .finally(() => (this.running = null));
  }

  thresholdsAt(item: Pick<Item, 'state' | 'enteredAt'>, now: string, calendar: WorkCalendar): Threshold[] {
    return thresholdsAt(item, now, this.config.reviewDeadlineDays, this.config.notifications, calendar);
  }

  /** One sweep: returns how many reminders it wrote. `now` is the clock; tests move it. */
  async sweep(now = new Date().toISOString()): Promise<number> {
    const n = this.config.notifications;
    const shortest = Math.min(...Object.values(this.config.reviewDeadlineDays));
    const calendar = await this.calendars.current();
    // Nothing entered after this has reached even the first threshold: due soon needs a due day
    // at most dueSoonDays working days after today, and the due day grows with the entry day.
    const horizon = calendar.earliestEntryDueFrom(
      calendar.addWorkingDays(dayNoOf(now), n.dueSoonDays) + 1,
      shortest,
    );
    const items = await this.db.read(async (em) => {
      const p = this.db.parameters();
      const rows = (await em.query(reviewItems(p, REVIEW_STATES, horizon), p.values)) as Array<
        Record<string, unknown>
      >;
      return rows.map((r): Item => ({
        id: Number(r.id),
        state: String(r.state),
        enteredAt: String(r.state_entered_at),
        projectName: (r.project_name as string | null) ?? null,
        year: Number(r.year),
        departmentId: Number(r.department_id),
        departmentPath: String(r.department_path),
        departmentName: String(r.department_name),
        submittedBy: r.submitted_by === null ? null : Number(r.submitted_by),
      }));
    });
    let sent = 0;
    for (const item of items)
      for (const threshold of this.thresholdsAt(item, now, calendar))
        if (await this.remind(item, threshold, now, calendar)) sent++;
    return sent;
  }

  /** The reminder of one item and threshold, unless some instance has written it already. */
  private remind(item: Item, threshold: Threshold, now: string, calendar: WorkCalendar): Promise<boolean> {
    return this.db.write(async (tx) => {
      const taken = await this.db.writeAll(tx, [
        (p) =>
          takeReminder(p, {
            declarationId: item.id,
            state: item.state,
            enteredAt: item.enteredAt,
            threshold,
            at: now,
          }),
      ]);
      if (!taken.length) return false;
      const stage = reviewStage(item.state)!;
      const { dueAt } = calendar.due(item.enteredAt, this.config.reviewDeadlineDays[stage]);
      const recipients = (
        threshold === 'escalated'
          ? await bureauReviewersOf(tx, this.db, item)
          : await usersCovering(tx, this.db, item, awaitedIn(item.state))
      ).filter((r) => r.id !== item.submittedBy);
      // The working days over since the due day, today not counted (it is not over): the unit
      // the deadline and the escalation count in.
      const workingDays = calendar.workingDaysBetween(dayNoOf(dueAt), dayNoOf(now) - 1);
      await this.outbox.write(tx, [
        {
          kind: KIND[threshold],
          declarationId: item.id,
          params: {
            projectName: item.projectName,
            year: item.year,
            state: item.state,
            dueAt,
            workingDays,
            departmentName: item.departmentName,
          },
          link: linkFor(item.id, item.state),
          recipients,
        },
      ]);
      return true;
    });
  }
}
