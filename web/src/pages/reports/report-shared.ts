/**
 * What the 监控表 and the 自评表 pages share: the declarations of a
 * year in a phase, the export download, and the findings and refusals placed beside the field
 * they name. The API computes every light, score, total and grade; nothing here judges.
 */
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../composables/useSession';
import { t } from '../../i18n/zh-CN';

export type DeclarationState = Schemas['DeclarationListItem']['state'];

export type ListItem = Schemas['DeclarationListItem'];

/** What a list row shows of a report: whether it was saved, when, and the kind's figures `X`. */
export type ReportFigures<X> = { reported: boolean; updatedAt: string | null } & X;

/** A row of a report list: the declaration and, once read, its report's figures. */
export type ReportRow<X> = { item: ListItem; reported: boolean | null; updatedAt: string | null } & X;

export interface ReportListKind<X> {
  /** The list's route (its report page is `${kind}-form`) and the phase of its states. */
  kind: 'monitoring' | 'evaluation';
  labels: { homeTitle: string; emptyList: string };
  /** The ?stage=done choice: the states past the phase's review, and its words. */
  done: { states: readonly DeclarationState[]; label: () => string };
  /** The kind's figures of a row before its report is read. */
  blank: () => X;
  /** One declaration's report, read for its row (null: none to show). */
  figures: (id: number) => Promise<ReportFigures<X> | null>;
  /** The year's figures in one request, by declaration id, for whom the API offers it (else null). */
  overview?: (year: number) => Promise<Map<number, ReportFigures<X>> | null>;
}

/**
 * Every declaration of `year` in one of `states` (each state asked for separately: the list
 * filters by one state), all pages, newest first as the API orders them within a state.
 */
export async function declarationsIn(
  year: number,
  states: readonly DeclarationState[],
  q: string,
): Promise<ListItem[]> {
  const lists = await Promise.all(
    states.map(async (state) => {
      const items: ListItem[] = [];
      let cursor: string | undefined;
      do {
        const page = (await unwrap(
          api.GET('/api/declarations', {
            params: { query: { year, state, limit: 500, cursor, q: q || undefined } },
          }),
        )) as Schemas['DeclarationPage'];
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    }),
  );
  return lists.flat();
}

/** Runs `work` over `items`, `limit` at a time (the list's summaries: one request per report). */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

/**
 * Downloads a workbook the API builds (GET …/export.xlsx): fetched with the session's token (a
 * plain link would carry none), saved under the file name the API gives.
 */
export async function downloadXlsx(path: string, fallbackName: string): Promise<void> {
  const token = useSession().token.value;
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Accept-Language': 'zh-CN' },
    });
  } catch (e) {
    ElMessage.error({ message: t.errors.network, showClose: true });
    throw new ApiError(0, t.errors.network, e);
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    const err = ApiError.from(res.status, body);
    ElMessage.error({ message: err.message, showClose: true });
    throw err;
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; free it after the browser took it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `attachment; filename="x.xlsx"; filename*=UTF-8''%E7%BB%A9…` → the Chinese name when given. */
function fileName(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

export interface FieldNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The refusal of the last save (true), or a finding of the stored report. */
  refusal?: boolean;
}

/**
 * The words to show beside each field: the refusal of the last save (a 400 naming
 * `entries[2].forecast`) first, else the saved report's findings for that field. Keys are the
 * API's paths; an entry-level finding (`entries[3]`) is kept under its entry.
 */
export function notesByPath(
  findings: readonly Schemas['FindingView'][],
  refusal: ApiError | null,
): Record<string, FieldNote[]> {
  const out: Record<string, FieldNote[]> = {};
  const add = (path: string, note: FieldNote) => (out[path] ??= []).push(note);
  if (refusal && refusal.status === 400)
    for (const p of refusal.problems)
      if (p.field) add(p.field, { severity: 'error', message: p.message, refusal: true });
  for (const f of findings) add(f.path, { severity: f.severity, message: f.message });
  return out;
}

/** The refusal's problems that name no field the form shows: said above the form. */
export function unplacedProblems(refusal: ApiError | null, shown: (path: string) => boolean): string[] {
  if (!refusal || refusal.status !== 400) return [];
  return refusal.problems.filter((p) => !p.field || !shown(p.field)).map((p) => p.message);
}

/** A version conflict or a state that changed meanwhile: the form must be reloaded to go on. */
export function isConflict(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 409;
}

/** A target that starts with a comparator is quantitative (docs/spec/domain.md §2): it takes a number. */
export function isQuantitative(target: string | null | undefined): boolean {
  return !!target && /^\s*[≥≤=><]/.test(target);
}

/**
 * Whether the field an API path names (`budget.executed`, `entries[2].forecast`) differs on the
 * form from the stored report (`saved`, the form as last loaded): a finding about the stored
 * value no longer describes what is on screen, so the page holds it back until the next save.
 */
export function editedSince(saved: unknown, current: unknown, path: string): boolean {
  const at = (obj: unknown): unknown => {
    const o = obj as Record<string, unknown> & { entries?: Array<Record<string, unknown>> };
    const entry = /^entries\[(\d+)\]\.(\w+)/.exec(path);
    if (entry) {
      const key = entry[2] === 'deviationReasons' ? 'reasons' : entry[2];
      return o.entries?.[Number(entry[1])]?.[key];
    }
    const budget = /^budget\.(\w+)$/.exec(path);
    return budget ? o[budget[1]] : o[path];
  };
  return JSON.stringify(at(saved)) !== JSON.stringify(at(current));
}

/** What a text field sends: trimmed, and null when left blank. */
export const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * The budgets to send: both default to the approved request, so only one the user changed is
 * sent and an untouched default keeps following the approved figures.
 */
export function changedBudgets(
  form: { initialBudget: string; adjustedBudget: string },
  stored: { initialBudget?: string | null; adjustedBudget?: string | null },
): { initialBudget?: string | null; adjustedBudget?: string | null } {
  const out: { initialBudget?: string | null; adjustedBudget?: string | null } = {};
  if (form.initialBudget !== (stored.initialBudget ?? '')) out.initialBudget = orNull(form.initialBudget);
  if (form.adjustedBudget !== (stored.adjustedBudget ?? '')) out.adjustedBudget = orNull(form.adjustedBudget);
  return out;
}

/** An entry's free-text fields as the form holds them: '' for none. */
export function entryTexts<K extends string>(
  keys: readonly K[],
  entry: Partial<Record<K, string | null>>,
): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, entry[k] ?? ''])) as Record<K, string>;
}

/** An entry's free-text fields as the API takes them: blank is null. */
export function sentTexts<K extends string>(
  keys: readonly K[],
  entry: Record<K, string>,
): Record<K, string | null> {
  return Object.fromEntries(keys.map((k) => [k, orNull(entry[k])])) as Record<K, string | null>;
}
