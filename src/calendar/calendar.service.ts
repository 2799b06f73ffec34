import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { Db } from '../database/db.service';
import { readCalendar } from './calendar-file';
import { CalendarErrors, type CalendarOrigin } from './calendar.messages';
import { SHIPPED_CALENDARS } from './shipped';
import { WorkCalendarRow } from './work-calendar.entity';
import { WorkCalendar, type CalendarDay, type CalendarYear } from './working-days';

/** How long an instance counts with the calendars it read before it reads them again. */
export const CALENDAR_REFRESH_MS = 60_000;

interface Known {
  calendar: CalendarYear;
  origin: CalendarOrigin;
  row: WorkCalendarRow | null;
}

function fromRow(r: WorkCalendarRow): CalendarYear {
  return {
    year: r.year,
    provisional: r.provisional,
    source: r.source,
    sourceUrl: r.sourceUrl,
    days: JSON.parse(r.days) as CalendarDay[],
  };
}

/** The four-digit year of a route, 2000–2100. */
export function parseCalendarYear(raw: string): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100)
    throw CalendarErrors.CALENDAR_YEAR_INVALID({ value: raw.slice(0, 20) }, { field: 'year' });
  return year;
}

/**
 * The working-day calendars (节假日安排, issue 18 item 6): the years shipped in config/holidays/
 * and the years an admin loaded (`work_calendars`, which replace a shipped year), merged into
 * one `WorkCalendar` that every deadline counts with (queue, reminders, dashboard). Each
 * instance reads the table again at most a minute after its last read, and at once after its
 * own upload: an upload on one instance reaches the others within CALENDAR_REFRESH_MS.
 */
@Injectable()
export class WorkCalendars {
  private cached: { at: number; calendar: WorkCalendar } | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The calendar to count deadlines with now. */
  async current(): Promise<WorkCalendar> {
    if (this.cached && Date.now() - this.cached.at < CALENDAR_REFRESH_MS) return this.cached.calendar;
    const known = await this.db.read((em) => this.known(em));
    const calendar = new WorkCalendar([...known.values()].map((k) => k.calendar));
    this.cached = { at: Date.now(), calendar };
    return calendar;
  }

  /** Every year with a calendar, newest first. */
  list(ctx: RequestContext) {
    return this.db.read(async (em) => {
      const known = await this.known(em);
      const names = await this.names(em, [...known.values()]);
      return [...known.values()]
        .sort((a, b) => b.calendar.year - a.calendar.year)
        .map((k) => summary(k, names, ctx));
    });
  }

  /** One year's calendar with its named days. */
  get(ctx: RequestContext, year: number) {
    return this.db.read(async (em) => {
      const k = (await this.known(em)).get(year);
      if (!k) throw CalendarErrors.CALENDAR_YEAR_NOT_FOUND({ year }, { field: 'year' });
      return view(k, await this.names(em, [k]), ctx);
    });
  }

  /** Loads (or replaces) a year's calendar: checked first, stored and audited in one transaction. */
  async put(ctx: RequestContext, year: number, body: unknown) {
    const next = readCalendar(year, body);
    const answer = await this.db.write(async (tx) => {
      const before = (await this.known(tx)).get(year) ?? null;
      const row = tx.create(WorkCalendarRow, {
        year,
        provisional: next.provisional,
        source: next.source,
        sourceUrl: next.sourceUrl,
        days: JSON.stringify(next.days),
        updatedAt: nowIso(),
        updatedBy: ctx.user.id,
      });
      await tx.save(WorkCalendarRow, row);
      const facts = (c: CalendarYear | null) =>
        c
          ? {
              source: c.source,
              sourceUrl: c.sourceUrl,
              provisional: c.provisional,
              off: c.days.filter((d) => d.off).map((d) => d.date),
              work: c.days.filter((d) => !d.off).map((d) => d.date),
            }
          : null;
      const b = facts(before?.calendar ?? null);
      const a = facts(next)!;
      await this.audit.record(ctx, {
        action: 'calendar.replaced',
        entityType: 'work_calendar',
        entityId: year,
        changes: (['source', 'sourceUrl', 'provisional', 'off', 'work'] as const)
          .filter((f) => JSON.stringify(b?.[f] ?? null) !== JSON.stringify(a[f]))
          .map((field) => ({ field, before: b?.[field] ?? null, after: a[field] })),
      });
      const k: Known = { calendar: next, origin: 'uploaded', row };
      return view(k, await this.names(tx, [k]), ctx);
    });
    // This instance counts with it at once; the others at their next read.
    this.cached = null;
    return answer;
  }

  private async known(em: EntityManager): Promise<Map<number, Known>> {
    const rows = await em.find(WorkCalendarRow, { order: { year: 'ASC' } });
    const known = new Map<number, Known>(
      SHIPPED_CALENDARS.map((c) => [c.year, { calendar: c, origin: 'shipped', row: null }]),
    );
    for (const r of rows) known.set(r.year, { calendar: fromRow(r), origin: 'uploaded', row: r });
    return known;
  }

  private async names(em: EntityManager, known: Known[]): Promise<Map<number, string>> {
    const ids = [...new Set(known.flatMap((k) => (k.row ? [k.row.updatedBy] : [])))];
    if (!ids.length) return new Map();
    const users = await em.find(User, { where: { id: In(ids) }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}

function summary(k: Known, names: Map<number, string>, ctx: RequestContext) {
  const c = k.calendar;
  return {
    year: c.year,
    provisional: c.provisional,
    source: c.source,
    sourceUrl: c.sourceUrl,
    origin: k.origin,
    originLabel: valueLabel(k.origin, ctx.lang, 'calendarOrigin'),
    offDays: c.days.filter((d) => d.off).length,
    workDays: c.days.filter((d) => !d.off).length,
    updatedAt: k.row?.updatedAt ?? null,
    updatedBy: k.row ? { id: k.row.updatedBy, name: names.get(k.row.updatedBy) ?? null } : null,
  };
}

function view(k: Known, names: Map<number, string>, ctx: RequestContext) {
  return {
    ...summary(k, names, ctx),
    days: k.calendar.days.map((d) => ({
      date: d.date,
      kind: d.off ? 'off' : 'work',
      kindLabel: valueLabel(d.off ? 'off' : 'work', ctx.lang, 'calendarDayKind'),
      name: d.name,
    })),
  };
}
