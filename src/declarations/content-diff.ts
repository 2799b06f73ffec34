import { HEADER_FIELDS, type StoredContent, type StoredIndicator } from './declaration-mapper';

const INDICATOR_FIELDS = ['level1', 'level2', 'costType', 'name', 'target', 'weight'] as const;

/** Header, funds, goals, and indicators added / removed / changed (matched by id) with before → after. */
export function diffContent(a: StoredContent, b: StoredContent) {
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  const header = HEADER_FIELDS.filter((f) => !same(a[f], b[f])).map((f) => ({
    field: f,
    before: a[f],
    after: b[f],
  }));
  const funds = Object.keys({ ...a.funds, ...b.funds })
    .filter((f) => !same(a.funds[f], b.funds[f]))
    .map((f) => ({ field: `funds.${f}`, before: a.funds[f] ?? null, after: b.funds[f] ?? null }));
  const goals = (['overallGoal', 'annualGoal'] as const)
    .filter((f) => !same(a[f], b[f]))
    .map((f) => ({ field: f, before: a[f], after: b[f] }));
  const byId = (l: StoredIndicator[]) => new Map(l.map((i) => [i.id, i]));
  const ia = byId(a.indicators);
  const ib = byId(b.indicators);
  const view = (i: StoredIndicator) => ({
    id: i.id,
    level1: i.level1,
    level2: i.level2,
    name: i.name,
    target: i.target?.display ?? null,
    weight: i.weight,
  });
  return {
    header,
    funds,
    goals,
    indicators: {
      added: b.indicators.filter((i) => !ia.has(i.id)).map(view),
      removed: a.indicators.filter((i) => !ib.has(i.id)).map(view),
      changed: b.indicators
        .filter((i) => ia.has(i.id))
        .map((i) => ({
          id: i.id,
          name: i.name,
          changes: INDICATOR_FIELDS.filter((f) => !same(ia.get(i.id)![f], i[f])).map((f) => ({
            field: f,
            before: f === 'target' ? (ia.get(i.id)!.target?.display ?? null) : ia.get(i.id)![f],
            after: f === 'target' ? (i.target?.display ?? null) : i[f],
          })),
        }))
        .filter((c) => c.changes.length > 0),
    },
  };
}
