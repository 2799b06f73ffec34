import type { Schemas } from '../../../api/client';

/**
 * The 申报表 as the editor holds it: every field as the text of its input ('' for blank), the
 * indicators in form order with a stable key (`i<id>`, or `n<k>` for one not saved yet). The
 * user's edits are always the difference between the view the editing started from (the base)
 * and the draft, so they can be replayed onto a newer version after a conflict: nothing typed
 * is lost, and no field the user did not touch is written.
 */

type View = Schemas['DeclarationView'];

export const HEADER_KEYS = [
  'projectName',
  'projectNature',
  'projectCategory',
  'competentDepartment',
  'implementingUnit',
  'plannedStart',
  'plannedEnd',
] as const;
export const FUND_KEYS = ['total', 'annualRequest', 'currentAppropriation', 'carryover', 'other'] as const;
export const GOAL_KEYS = ['overallGoal', 'annualGoal'] as const;

export type HeaderKey = (typeof HEADER_KEYS)[number];
export type FundKey = (typeof FUND_KEYS)[number];
export type GoalKey = (typeof GOAL_KEYS)[number];
/** A field of the declaration by the API's path (`projectName`, `funds.total`, `annualGoal`). */
export type FieldPath = HeaderKey | `funds.${FundKey}` | GoalKey;
export const FIELD_PATHS: readonly FieldPath[] = [
  ...HEADER_KEYS,
  ...FUND_KEYS.map((k) => `funds.${k}` as const),
  ...GOAL_KEYS,
];
/** Which editable part (the view's editableParts) a field belongs to. */
export function partOf(path: FieldPath): 'header' | 'funds' | 'goals' {
  if (path.startsWith('funds.')) return 'funds';
  return (GOAL_KEYS as readonly string[]).includes(path) ? 'goals' : 'header';
}

export const INDICATOR_FIELDS = ['name', 'target', 'weight'] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

export interface DraftIndicator {
  key: string;
  id: number | null;
  level1: string;
  level2: string;
  name: string;
  target: string;
  weight: string;
}

export interface Draft {
  version: number;
  fields: Record<FieldPath, string>;
  indicators: DraftIndicator[];
}

/**
 * The 二级 under each 一级 (docs/spec/api.md "Indicators"): the form's structure, codes only —
 * their words come from the API's reference data.
 */
export const LEVEL2_OF: Record<string, readonly string[]> = {
  output: ['quantity', 'quality', 'timeliness', 'cost'],
  benefit: ['economic', 'social', 'ecological', 'sustainability'],
  satisfaction: ['serviceSatisfaction'],
};
export const LEVEL1_ORDER = Object.keys(LEVEL2_OF);
export const groupKey = (level1: string, level2: string) => `${level1}/${level2}`;

let fresh = 0;
/** A key for an indicator not saved yet. */
export function newKey(): string {
  fresh += 1;
  return `n${fresh}`;
}

function read(view: View, path: FieldPath): string {
  if (path.startsWith('funds.')) {
    const v = view.funds[path.slice(6) as FundKey];
    return v ?? '';
  }
  const v = (view as unknown as Record<string, string | null>)[path];
  return v ?? '';
}

export function draftOf(view: View): Draft {
  const fields = Object.fromEntries(FIELD_PATHS.map((p) => [p, read(view, p)])) as Record<FieldPath, string>;
  return {
    version: view.version,
    fields,
    indicators: view.indicators.map((i) => ({
      key: `i${i.id}`,
      id: i.id,
      level1: i.level1,
      level2: i.level2,
      name: i.name,
      target: i.target?.display ?? '',
      weight: i.weight ?? '',
    })),
  };
}

export function cloneDraft(d: Draft): Draft {
  return { version: d.version, fields: { ...d.fields }, indicators: d.indicators.map((i) => ({ ...i })) };
}

/** What the user changed between `base` and `draft`. */
export interface Edits {
  fields: Partial<Record<FieldPath, string>>;
  /** Saved indicators changed, by id: the fields changed and the indicator as the user left it. */
  changed: Array<{ id: number; fields: Partial<Record<IndicatorField, string>>; now: DraftIndicator }>;
  added: DraftIndicator[];
  /** Saved indicators removed, as they were in the base. */
  removed: DraftIndicator[];
  /** Groups whose order the user changed: the group's keys in the user's order. */
  order: Record<string, string[]>;
}

export function editsBetween(base: Draft, draft: Draft): Edits {
  const fields: Edits['fields'] = {};
  for (const p of FIELD_PATHS) if (draft.fields[p] !== base.fields[p]) fields[p] = draft.fields[p];
  const now = new Map(draft.indicators.map((i) => [i.key, i]));
  const changed: Edits['changed'] = [];
  const removed: DraftIndicator[] = [];
  for (const b of base.indicators) {
    const d = now.get(b.key);
    if (!d) {
      removed.push(b);
      continue;
    }
    const f: Partial<Record<IndicatorField, string>> = {};
    for (const k of INDICATOR_FIELDS) if (d[k] !== b[k]) f[k] = d[k];
    if (Object.keys(f).length) changed.push({ id: b.id!, fields: f, now: d });
  }
  // New since the base: not saved yet (the user's), or saved by another (a newer version's).
  const known = new Set(base.indicators.map((i) => i.key));
  const added = draft.indicators.filter((i) => !known.has(i.key));
  const order: Edits['order'] = {};
  const gone = new Set(removed.map((r) => r.key));
  for (const g of groupsOf(draft)) {
    const mine = draft.indicators.filter((i) => groupKey(i.level1, i.level2) === g).map((i) => i.key);
    const natural = [
      ...base.indicators
        .filter((i) => groupKey(i.level1, i.level2) === g && !gone.has(i.key))
        .map((i) => i.key),
      ...added.filter((i) => groupKey(i.level1, i.level2) === g).map((i) => i.key),
    ];
    if (mine.join() !== natural.join()) order[g] = mine;
  }
  return { fields, changed, added, removed, order };
}

export function hasEdits(e: Edits): boolean {
  return (
    Object.keys(e.fields).length > 0 ||
    e.changed.length > 0 ||
    e.added.length > 0 ||
    e.removed.length > 0 ||
    Object.keys(e.order).length > 0
  );
}

function groupsOf(d: Draft): string[] {
  return [...new Set(d.indicators.map((i) => groupKey(i.level1, i.level2)))];
}

/**
 * The user's edits replayed onto a newer version (the merge after a conflict). Where both
 * changed the same field the user's value is kept (the dialog said so before). An indicator the
 * other side removed but the user changed comes back as a new one, so the user's text survives.
 */
export function applyEdits(current: Draft, edits: Edits): Draft {
  const out = cloneDraft(current);
  Object.assign(out.fields, edits.fields);
  const removedIds = new Set(edits.removed.map((r) => r.id));
  out.indicators = out.indicators.filter((i) => !removedIds.has(i.id));
  for (const c of edits.changed) {
    const i = out.indicators.find((x) => x.id === c.id);
    if (i) Object.assign(i, c.fields);
    else out.indicators.push({ ...c.now, id: null, key: newKey() });
  }
  for (const a of edits.added) out.indicators.push({ ...a });
  for (const [g, keys] of Object.entries(edits.order)) {
    const members = out.indicators.filter((i) => groupKey(i.level1, i.level2) === g);
    const rank = (i: DraftIndicator) => {
      const n = keys.indexOf(i.key);
      return n < 0 ? keys.length + members.indexOf(i) : n;
    };
    const sorted = [...members].sort((a, b) => rank(a) - rank(b));
    let k = 0;
    out.indicators = out.indicators.map((i) => (groupKey(i.level1, i.level2) === g ? sorted[k++] : i));
  }
  return out;
}

/** The indicators in the form's order: grouped by 一级 then 二级, each group in draft order. */
export function formOrder(d: Draft): DraftIndicator[] {
  const out: DraftIndicator[] = [];
  for (const l1 of LEVEL1_ORDER)
    for (const l2 of LEVEL2_OF[l1])
      out.push(...d.indicators.filter((i) => i.level1 === l1 && i.level2 === l2));
  // Anything outside the known structure stays visible at the end.
  out.push(...d.indicators.filter((i) => !out.includes(i)));
  return out;
}

/** One difference between two versions of the form, in the form's words (for the conflict dialog). */
export interface Change {
  /** Stable identity of the place: `field:funds.total`, `ind:12:target`, `ind:12`, `new:n3`. */
  place: string;
  what: string;
  before: string;
  after: string;
}

export type Words = {
  field: (p: FieldPath) => string;
  indicatorField: (f: IndicatorField) => string;
  level2: (code: string) => string;
};

export function describeEdits(base: Draft, edits: Edits, w: Words): Change[] {
  const out: Change[] = [];
  for (const [p, v] of Object.entries(edits.fields) as Array<[FieldPath, string]>)
    out.push({ place: `field:${p}`, what: w.field(p), before: base.fields[p], after: v });
  const was = new Map(base.indicators.map((i) => [i.id, i]));
  for (const c of edits.changed) {
    const b = was.get(c.id)!;
    for (const [f, v] of Object.entries(c.fields) as Array<[IndicatorField, string]>)
      out.push({
        place: `ind:${c.id}:${f}`,
        what: `「${b.name}」的${w.indicatorField(f)}`,
        before: b[f],
        after: v,
      });
  }
  for (const a of edits.added)
    out.push({
      place: `new:${a.key}`,
      what: `新增${w.level2(a.level2)}「${a.name}」`,
      before: '',
      after: a.target,
    });
  for (const r of edits.removed)
    out.push({ place: `ind:${r.id}`, what: `删除指标「${r.name}」`, before: r.target, after: '' });
  for (const [g, keys] of Object.entries(edits.order)) {
    const l2 = g.split('/')[1];
    const names = (list: DraftIndicator[]) => list.map((i) => i.name).join('、');
    const all = new Map(
      [...base.indicators, ...edits.added, ...edits.changed.map((c) => c.now)].map((i) => [i.key, i]),
    );
    out.push({
      place: `order:${g}`,
      what: `调整${w.level2(l2)}的顺序`,
      before: names(base.indicators.filter((i) => groupKey(i.level1, i.level2) === g)),
      after: names(keys.map((k) => all.get(k)).filter((i): i is DraftIndicator => !!i)),
    });
  }
  return out;
}

/**
 * Where the other side's saved changes and the user's edits touch the same place with different
 * values: those the merge decides (for the user, after asking).
 */
export function conflicting(
  theirs: Change[],
  mine: Change[],
): Array<{ what: string; theirs: string; mine: string }> {
  const out: Array<{ what: string; theirs: string; mine: string }> = [];
  for (const m of mine) {
    const indicatorOf = (place: string) => /^ind:(\d+)/.exec(place)?.[1];
    const t = theirs.find(
      (x) =>
        x.place === m.place ||
        // One side removed an indicator the other changed.
        (indicatorOf(x.place) !== undefined &&
          indicatorOf(x.place) === indicatorOf(m.place) &&
          (x.place.split(':').length === 2 || m.place.split(':').length === 2)),
    );
    if (t && !(t.place === m.place && t.after === m.after))
      out.push({
        what: m.what,
        theirs: t.after || (t.place.split(':').length === 2 ? '（已删除）' : '（空）'),
        mine: m.after || '（空）',
      });
  }
  return out;
}
