import { fieldLabel, type Bilingual, type Lang } from '../common/i18n';
import type { Fen } from '../common/money';
import { TextProperty } from '../common/openapi';
import { moneyOrNull, storedMoney, type ApprovedTargetIndicator } from '../declarations/approved-targets';
import { entryList, InputProblems, resolveEntryIndicator, sent } from './report-input';
import type { ApprovedIndicator } from './report-rules';

/**
 * A report's fields, each declared once (monitoring-fields.ts, evaluation-fields.ts), and what
 * is derived from them for every report: the body's checks (PUT and PATCH), the stored form,
 * the blank report, a PATCH merged into the stored report, the audit record's flat fields, the
 * body's OpenAPI schema and the fields' part of the API answer. Pure.
 *
 * A report is: its head fields (monitoring's periodEndMonth), its budget block (money), its
 * text (goalProgress / goalAchievement, read by report-envelope.ts) and its entries, one per
 * approved indicator, matched by indicatorId. Stored in that order.
 */

/** What checking an entry's field needs. */
export interface FieldReader {
  problems: InputProblems;
  /** The approved indicator the entry names (undefined when it names none). */
  indicator: ApprovedIndicator | undefined;
  maxTextLength: number;
}

/** What showing an entry's field needs: its indicator, what the rules computed for the entry. */
export interface FieldViewContext<Computed> {
  indicator: ApprovedTargetIndicator | undefined;
  computed: Computed | undefined;
  lang: Lang;
}

/** One field of an entry. */
export interface EntryField<K extends string = string, V = unknown, Computed = never> {
  key: K;
  /** Checks a value that was sent (null included) and returns it normalised; problems go to `r.problems`. */
  read(value: unknown, field: string, r: FieldReader): V;
  /** The value in a blank entry, and when a PUT does not send the field. */
  blank(): V;
  /** The body's OpenAPI property (a PATCH's is nullable). */
  schema: Record<string, unknown>;
  /** The value in the audit record (default: as stored). */
  audited?(value: V): unknown;
  /** The properties of the API answer's entry (default: `{ [key]: value }`). */
  view?(value: V, c: FieldViewContext<Computed>): Record<string, unknown>;
  /**
   * The answer's entry properties in the OpenAPI document, one per property `view` gives, in
   * its order (report.responses.ts EntryProperties applies them to the answer's class).
   */
  answer: Record<string, PropertyDecorator>;
  /**
   * The field on the printed form (the form's view model, report-xlsx.ts): its
   * display from the stored value (the blank one for an indicator without an entry) and the
   * entry; default the text or ''. `false`: the form does not show it as written.
   */
  form?: false | ((value: V, entry: Record<string, unknown> | null) => unknown);
}

/** One amount of the budget block: money, in fen when read, a decimal string when stored. */
export interface BudgetField<K extends string = string> {
  key: K;
  schema: Record<string, unknown>;
  /** The description of the answer's amount (defaults applied) in the OpenAPI document. */
  answer: string;
}

/** A field of the report's top level (monitoring's periodEndMonth): null or absent give its default. */
export interface HeadField<K extends string = string, V = unknown, Cfg = never> {
  key: K;
  /** Checks a value that was sent (not null); undefined when it is a problem. */
  read(value: unknown, problems: InputProblems): V | undefined;
  fallback(cfg: Cfg): V;
  schema: Record<string, unknown>;
  /** The answer's property in the OpenAPI document. */
  answer: PropertyDecorator;
}

type AnyEntryField = EntryField<string, any, any>;
type AnyHeadField = HeadField<string, any, any>;

/** The fields of a report, in the order they are stored and shown. */
export interface ReportFields<
  H extends readonly AnyHeadField[] = readonly AnyHeadField[],
  B extends readonly BudgetField[] = readonly BudgetField[],
  E extends readonly AnyEntryField[] = readonly AnyEntryField[],
> {
  head: H;
  budget: B;
  /** The report's text field (its schema, its answer's description; read by report-envelope.ts). */
  text: { key: string; schema: Record<string, unknown>; answer: string };
  entries: E;
  /** The order the entry's fields are checked in (problems are listed in it), when not theirs. */
  checkOrder?: readonly E[number]['key'][];
}

/** An entry as stored: every field. */
export type StoredEntry<E extends readonly AnyEntryField[]> = { indicatorId: number } & {
  -readonly [F in E[number] as F['key']]: F extends EntryField<string, infer V, any> ? V : never;
};
/** An entry as a body sends it, checked: only what was sent. */
export type EntryInput<E extends readonly AnyEntryField[]> = { indicatorId: number } & Partial<
  Omit<StoredEntry<E>, 'indicatorId'>
>;
/** The budget block as stored: decimal strings. */
export type StoredBudget<B extends readonly BudgetField[]> = { [F in B[number] as F['key']]: string | null };
/** The budget block checked: money in fen; only what was sent. */
export type BudgetInput<B extends readonly BudgetField[]> = { [F in B[number] as F['key']]?: Fen | null };
/** The head fields as stored. */
export type HeadValues<H extends readonly AnyHeadField[]> = {
  [F in H[number] as F['key']]: F extends HeadField<string, infer V, any> ? V : never;
};

/** A body checked field by field: only what was sent; null where null was sent (clears). */
export type ReportPatch = Record<string, unknown> & {
  budget?: Record<string, Fen | null> | null;
  entries?: Record<string, unknown>[];
};

/**
 * Checks the payload of a PUT (`replace`) or PATCH (`merge`) body (its head, `budget` and
 * `entries`; `version` and the text are report-envelope.ts's) against the approved indicators,
 * and returns what was sent, normalised. Throws one AppError (400) naming entry and field,
 * every problem in `details`.
 */
export function readReport(
  fields: ReportFields,
  body: unknown,
  indicators: readonly ApprovedIndicator[],
  maxTextLength: number,
  mode: 'replace' | 'merge',
): ReportPatch {
  const problems = new InputProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('body', 'FIELD_OBJECT');
    problems.throwIfAny();
  }
  const raw = body as Record<string, unknown>;
  const out: ReportPatch = {};

  for (const h of fields.head) {
    if (raw[h.key] === null) out[h.key] = null;
    else if (raw[h.key] !== undefined) {
      const v = h.read(raw[h.key], problems);
      if (v !== undefined) out[h.key] = v;
    }
  }

  if (raw.budget === null) out.budget = null;
  else if (raw.budget !== undefined) {
    const keys = fields.budget.map((f) => f.key);
    const b = problems.object(raw.budget, 'budget', keys);
    if (b) {
      const budget: Record<string, Fen | null> = {};
      for (const k of keys) if (sent(b, k)) budget[k] = problems.money(b[k], `budget.${k}`);
      out.budget = budget;
    }
  }

  const list = entryList(problems, raw.entries, mode);
  if (list) {
    const keys = ['indicatorId', ...fields.entries.map((f) => f.key)];
    const byKey = new Map(fields.entries.map((f) => [f.key, f]));
    const order = fields.checkOrder ?? fields.entries.map((f) => f.key);
    const byId = new Map(indicators.map((ind) => [ind.id, ind]));
    const firstEntry = new Map<number, number>();
    const entries: Record<string, unknown>[] = [];
    list.forEach((rawEntry: unknown, j) => {
      const at = `entries[${j}]`;
      const e = problems.object(rawEntry, at, keys);
      if (!e) return;
      const indicator = resolveEntryIndicator(problems, e.indicatorId, at, byId, firstEntry, j);
      const entry: Record<string, unknown> = { indicatorId: indicator?.id ?? 0 };
      const reader: FieldReader = { problems, indicator, maxTextLength };
      for (const key of order)
        if (sent(e, key)) entry[key] = byKey.get(key)!.read(e[key], `${at}.${key}`, reader);
      entries.push(entry);
    });
    out.entries = entries;
  }
  problems.throwIfAny();
  return out;
}

/** A PUT's payload: what was not sent takes its default (head), none (budget) or blank (entries). */
export function completeReport(fields: ReportFields, read: ReportPatch, cfg: unknown): ReportPatch {
  const out: ReportPatch = {};
  for (const h of fields.head) out[h.key] = read[h.key] ?? h.fallback(cfg as never);
  const budget: Record<string, Fen | null> = {};
  for (const { key } of fields.budget) budget[key] = read.budget?.[key] ?? null;
  out.budget = budget;
  out.entries = (read.entries ?? []).map((e) => {
    const entry: Record<string, unknown> = { indicatorId: e.indicatorId };
    for (const f of fields.entries) entry[f.key] = e[f.key] ?? f.blank();
    return entry;
  });
  return out;
}

/** A copy of a stored value (lists are copied, so a merge never shares them). */
const copy = (v: unknown) => (Array.isArray(v) ? [...(v as unknown[])] : v);

/** The stored report of a complete payload (completeReport) and the text. */
export function storedReport(
  fields: ReportFields,
  payload: ReportPatch,
  text: string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const h of fields.head) out[h.key] = payload[h.key];
  const budget: Record<string, string | null> = {};
  for (const { key } of fields.budget) budget[key] = moneyOrNull(payload.budget?.[key]);
  out.budget = budget;
  out[fields.text.key] = text;
  out.entries = (payload.entries ?? []).map((e) => {
    const entry: Record<string, unknown> = { indicatorId: e.indicatorId };
    for (const f of fields.entries) entry[f.key] = copy(e[f.key] ?? f.blank());
    return entry;
  });
  return out;
}

/** An entry with every field blank. */
export function blankEntry(fields: ReportFields, indicatorId: number): Record<string, unknown> {
  const entry: Record<string, unknown> = { indicatorId };
  for (const f of fields.entries) entry[f.key] = f.blank();
  return entry;
}

/** The report before anything is saved: one blank entry per approved indicator. */
export function blankReport(
  fields: ReportFields,
  indicators: readonly { id: number }[],
  cfg: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const h of fields.head) out[h.key] = h.fallback(cfg as never);
  const budget: Record<string, null> = {};
  for (const { key } of fields.budget) budget[key] = null;
  out.budget = budget;
  out[fields.text.key] = null;
  out.entries = indicators.map((i) => blankEntry(fields, i.id));
  return out;
}

/**
 * A PATCH applied to the stored report (or to the blank one): only what was sent changes. The
 * head fields, the budget's amounts and the text are replaced when sent (null clears them; a
 * head field goes back to its default); each entry sent changes the stored entry of its
 * indicator, field by field (an indicator without one gets a blank entry first, at the end);
 * the entries not sent, and the fields of an entry not sent, stay as they were.
 */
export function mergeReport(
  fields: ReportFields,
  stored: Record<string, unknown>,
  patch: ReportPatch,
  text: string | null | undefined,
  cfg: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const h of fields.head)
    out[h.key] = patch[h.key] === undefined ? stored[h.key] : (patch[h.key] ?? h.fallback(cfg as never));
  const budget = { ...(stored.budget as Record<string, string | null>) };
  if (patch.budget === null) for (const k of Object.keys(budget)) budget[k] = null;
  else if (patch.budget) for (const [k, v] of Object.entries(patch.budget)) budget[k] = moneyOrNull(v);
  out.budget = budget;
  out[fields.text.key] = text === undefined ? stored[fields.text.key] : text;
  const entries = (stored.entries as Record<string, unknown>[]).map((e) => {
    const entry: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) entry[k] = copy(v);
    return entry;
  });
  for (const change of patch.entries ?? []) {
    let entry = entries.find((e) => e.indicatorId === change.indicatorId);
    if (!entry) {
      entry = blankEntry(fields, change.indicatorId as number);
      entries.push(entry);
    }
    for (const [k, v] of Object.entries(change)) if (k !== 'indicatorId') entry[k] = copy(v);
  }
  out.entries = entries;
  return out;
}

/** The report as flat fields for the audit record: `budget.executed`, `entries[<indicatorId>].forecast`. */
export function flattenReport(fields: ReportFields, report: object): Record<string, unknown> {
  const data = report as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const h of fields.head) out[h.key] = data[h.key];
  const budget = data.budget as Record<string, unknown>;
  for (const { key } of fields.budget) out[`budget.${key}`] = budget[key];
  out[fields.text.key] = data[fields.text.key];
  for (const e of data.entries as Record<string, unknown>[]) {
    const at = `entries[${e.indicatorId as number}]`;
    for (const f of fields.entries) out[`${at}.${f.key}`] = f.audited ? f.audited(e[f.key]) : e[f.key];
  }
  return out;
}

/** The stored budget block as money in fen, for the rules. */
export function budgetAmounts(
  fields: ReportFields,
  budget: Record<string, string | null>,
): Record<string, Fen | null> {
  const out: Record<string, Fen | null> = {};
  for (const { key } of fields.budget) out[key] = storedMoney(budget[key], `budget.${key}`);
  return out;
}

/**
 * What a report's rules take from the stored report: the approved indicators, the head fields,
 * the budget in fen and the entries as stored, and the approved 年度资金申请总额 (the default of
 * 年初预算数).
 */
export function rulesInput<Input>(
  fields: ReportFields,
  approved: { indicators: readonly ApprovedIndicator[]; annualRequest: Fen | null },
  report: object,
): Input {
  const data = report as Record<string, unknown>;
  const head: Record<string, unknown> = {};
  for (const h of fields.head) head[h.key] = data[h.key];
  return {
    indicators: approved.indicators,
    ...head,
    budget: budgetAmounts(fields, data.budget as Record<string, string | null>),
    entries: data.entries as Record<string, unknown>[],
    approvedAnnualRequest: approved.annualRequest,
  } as Input;
}

/** The budget block of the API answer (the rules' amounts, defaults applied). */
export function budgetView(
  fields: ReportFields,
  budget: Record<string, Fen | null>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const { key } of fields.budget) out[key] = moneyOrNull(budget[key]);
  return out;
}

/** The fields' part of an entry of the API answer, in their order. */
export function entryFieldsView<C>(
  fields: ReportFields,
  entry: Record<string, unknown>,
  c: FieldViewContext<C>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields.entries)
    Object.assign(out, f.view ? f.view(entry[f.key], c) : { [f.key]: entry[f.key] });
  return out;
}

/**
 * The body of a PUT (the whole report; entries required) or of a PATCH (each field optional and
 * nullable: null clears) as the OpenAPI document shows it.
 */
export function reportBodySchema(fields: ReportFields, patch: boolean, description: string) {
  const field = (schema: Record<string, unknown>) => (patch ? { ...schema, nullable: true } : schema);
  const props = (list: readonly { key: string; schema: Record<string, unknown> }[]) =>
    Object.fromEntries(list.map((f) => [f.key, field(f.schema)]));
  return {
    description,
    schema: {
      type: 'object',
      required: patch ? ['version'] : ['version', 'entries'],
      additionalProperties: false,
      properties: {
        version: { type: 'integer' },
        ...props(fields.head),
        budget: field({ type: 'object', additionalProperties: false, properties: props(fields.budget) }),
        [fields.text.key]: field(fields.text.schema),
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['indicatorId'],
            additionalProperties: false,
            properties: { indicatorId: { type: 'integer' }, ...props(fields.entries) },
          },
        },
      },
    },
  };
}

/** The index of the first entry of each indicator (the forms list every approved indicator once). */
export function firstEntryOf(entries: readonly { indicatorId: number }[]): Map<number, number> {
  const entryOf = new Map<number, number>();
  entries.forEach((e, j) => {
    if (!entryOf.has(e.indicatorId)) entryOf.set(e.indicatorId, j);
  });
  return entryOf;
}

/** The body's top level besides `version`: the text field and the keys the report's rules check. */
export function reportEnvelopeKeys(fields: ReportFields) {
  return { textField: fields.text.key, payloadKeys: [...fields.head.map((h) => h.key), 'budget', 'entries'] };
}

/** The budget amounts both reports have, with their defaults (docs/spec/domain.md §5, §6). */
export const INITIAL_BUDGET: BudgetField<'initialBudget'> = {
  key: 'initialBudget',
  schema: {
    type: 'string',
    format: 'decimal',
    nullable: true,
    example: '491254500.00',
    description:
      '年初预算数; unless given (or null), the approved 年度资金申请总额: the answer shows that default',
  },
  answer:
    '年初预算数. Unless given, the approved 年度资金申请总额 (null there too when none was declared): a save of null brings the default back',
};
export const ADJUSTED_BUDGET: BudgetField<'adjustedBudget'> = {
  key: 'adjustedBudget',
  schema: {
    type: 'string',
    format: 'decimal',
    nullable: true,
    example: '491254500.00',
    description: '全年预算数; unless given (or null), 年初预算数: the answer shows that default',
  },
  answer: '全年预算数. Unless given, 年初预算数: a save of null brings the default back',
};

/**
 * A free-text entry field: blank text is null; too long or not text is a problem. The answer
 * shows it as nullable text, with `description` when given.
 */
export function textField<K extends string>(
  key: K,
  schema: Record<string, unknown>,
  description?: string,
): EntryField<K, string | null> {
  return {
    key,
    read: (value, field, r) => r.problems.text(value, field, r.maxTextLength),
    blank: () => null,
    schema: { type: 'string', ...schema },
    answer: {
      [key]: TextProperty(description === undefined ? { nullable: true } : { nullable: true, description }),
    },
  };
}

/** A field's label in both languages: its catalogue's (the printed form's words), by its path. */
export const fieldWords = (path: string): Bilingual => ({
  zh: fieldLabel(path, 'zh'),
  en: fieldLabel(path, 'en'),
});

/**
 * Every field of a report with its one label, by the name the audit record gives it
 * (flattenReport): the head fields, `budget.<key>` and the text by their paths; an entry's
 * fields by their keys (the record names them `entries[<indicatorId>].<key>`).
 */
export function reportFieldWords(fields: ReportFields): {
  report: Array<[string, Bilingual]>;
  entries: Array<[string, Bilingual]>;
} {
  const paths = [
    ...fields.head.map((h) => h.key),
    ...fields.budget.map((b) => `budget.${b.key}`),
    fields.text.key,
  ];
  return {
    report: paths.map((p) => [p, fieldWords(p)]),
    entries: fields.entries.map((f) => [f.key, fieldWords(`entries.${f.key}`)]),
  };
}

/**
 * The indicator rows of a printed form: every approved indicator in form order, whether reported
 * or not (its first entry counts), with its columns, each field's form value and what `more`
 * adds from the entry's index (undefined: no entry).
 */
export function formRows<Row>(
  fields: ReportFields,
  indicators: readonly ApprovedTargetIndicator[],
  entries: readonly Record<string, unknown>[],
  indicatorColumns: (ind: ApprovedTargetIndicator) => object,
  more: (ind: ApprovedTargetIndicator, j: number | undefined) => object,
): Row[] {
  const entryOf = firstEntryOf(entries as { indicatorId: number }[]);
  return indicators.map((ind) => {
    const j = entryOf.get(ind.id);
    const e = j === undefined ? null : entries[j];
    const row: Record<string, unknown> = { ...indicatorColumns(ind) };
    for (const f of fields.entries) {
      if (f.form === false) continue;
      const value = e ? e[f.key] : f.blank();
      row[f.key] = f.form ? f.form(value, e) : (value ?? '');
    }
    return Object.assign(row, more(ind, j)) as Row;
  });
}
