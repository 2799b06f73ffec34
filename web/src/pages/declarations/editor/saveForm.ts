import { api, ApiError, unwrap, type Schemas } from '../../../api/client';
import {
  editsBetween,
  groupKey,
  type Draft,
  type DraftIndicator,
  type FieldPath,
  type IndicatorField,
} from './formModel';

type View = Schemas['DeclarationView'];

/**
 * Saving the whole form without erasing anything: the API takes the header, funds and goals in
 * one PATCH (only the fields sent change) and each indicator through its own route, every write
 * carrying the version the previous one returned. Only what the user changed is sent, so a
 * field another person changed meanwhile is never overwritten by an unchanged copy. The first
 * write carries the version the editing started from: a newer version answers 409
 * DECLARATION_VERSION_STALE, which the form turns into the conflict dialog.
 */

/** A refused write and the place of the form it is about. */
export class SaveFailure extends Error {
  constructor(
    readonly error: ApiError,
    /** The declaration's field, or the indicator (by key) and its field; null when neither is known. */
    readonly place: { path: FieldPath | null } | { key: string; field: IndicatorField | null },
  ) {
    super(error.message);
  }
}

const quiet = { showError: false } as const;
const orNull = (s: string) => (s.trim() === '' ? null : s);

export async function saveForm(id: number, base: Draft, draft: Draft): Promise<View> {
  const edits = editsBetween(base, draft);
  let version = base.version;

  const fieldEntries = Object.entries(edits.fields) as Array<[FieldPath, string]>;
  if (fieldEntries.length) {
    const body: Record<string, unknown> = { version };
    const funds: Record<string, string | null> = {};
    for (const [p, v] of fieldEntries) {
      if (p.startsWith('funds.')) funds[p.slice(6)] = orNull(v);
      else body[p] = orNull(v);
    }
    if (Object.keys(funds).length) body.funds = funds;
    try {
      const view = await unwrap(
        api.PATCH('/api/declarations/{id}', {
          params: { path: { id } },
          body: body as Schemas['UpdateDeclarationDto'],
        }),
        quiet,
      );
      version = (view as View).version;
    } catch (e) {
      throw failure(e, { path: pathOf(e) });
    }
  }

  for (const r of edits.removed) {
    try {
      const res = await unwrap(
        api.DELETE('/api/declarations/{id}/indicators/{indicatorId}', {
          params: { path: { id, indicatorId: r.id! }, query: { version: String(version) } },
        }),
        quiet,
      );
      version = (res as Schemas['VersionOnly']).version;
    } catch (e) {
      throw failure(e, { key: r.key, field: null });
    }
  }

  for (const c of edits.changed) {
    const body: Record<string, unknown> = { version };
    for (const [f, v] of Object.entries(c.fields) as Array<[IndicatorField, string]>)
      body[f] = f === 'name' ? v : orNull(v);
    try {
      const res = await unwrap(
        api.PATCH('/api/declarations/{id}/indicators/{indicatorId}', {
          params: { path: { id, indicatorId: c.id } },
          body: body as Schemas['UpdateIndicatorDto'],
        }),
        quiet,
      );
      version = (res as Schemas['IndicatorSaved']).version;
    } catch (e) {
      throw failure(e, { key: c.now.key, field: indicatorField(e) });
    }
  }

  const created = new Map<string, number>();
  for (const a of edits.added) {
    try {
      const res = (await unwrap(
        api.POST('/api/declarations/{id}/indicators', {
          params: { path: { id } },
          body: {
            version,
            level1: a.level1 as Schemas['CreateIndicatorDto']['level1'],
            level2: a.level2 as Schemas['CreateIndicatorDto']['level2'],
            name: a.name,
            target: orNull(a.target),
            weight: orNull(a.weight),
          },
        }),
        quiet,
      )) as Schemas['IndicatorSaved'];
      version = res.version;
      created.set(a.key, res.indicator.id);
    } catch (e) {
      throw failure(e, { key: a.key, field: indicatorField(e) });
    }
  }

  let view = await load(id);
  if (Object.keys(edits.order).length) {
    const idOf = (key: string) => created.get(key) ?? Number(key.slice(1));
    const byId = new Map(view.indicators.map((i) => [i.id, i]));
    const desired = view.indicators.map((i) => i.id);
    for (const [g, keys] of Object.entries(edits.order)) {
      // The group's places in the server's order, filled in the user's order.
      const slots = desired
        .map((iid, n) => [iid, n] as const)
        .filter(([iid]) => {
          const i = byId.get(iid)!;
          return groupKey(i.level1, i.level2) === g;
        });
      const wanted = keys.map(idOf).filter((iid) => byId.has(iid));
      const rest = slots.map(([iid]) => iid).filter((iid) => !wanted.includes(iid));
      [...wanted, ...rest].forEach((iid, k) => (desired[slots[k][1]] = iid));
    }
    const now = view.indicators.map((i) => i.id);
    version = view.version;
    for (let n = 0; n < desired.length; n++) {
      if (now[n] === desired[n]) continue;
      try {
        const res = (await unwrap(
          api.PATCH('/api/declarations/{id}/indicators/{indicatorId}', {
            params: { path: { id, indicatorId: desired[n] } },
            body: { version, position: n },
          }),
          quiet,
        )) as Schemas['IndicatorSaved'];
        version = res.version;
      } catch (e) {
        throw failure(e, { key: `i${desired[n]}`, field: null });
      }
      now.splice(now.indexOf(desired[n]), 1);
      now.splice(n, 0, desired[n]);
    }
    view = await load(id);
  }
  return view;
}

export async function load(id: number): Promise<View> {
  return (await unwrap(api.GET('/api/declarations/{id}', { params: { path: { id } } }))) as View;
}

function failure(e: unknown, place: SaveFailure['place']): unknown {
  return e instanceof ApiError ? new SaveFailure(e, place) : e;
}

function pathOf(e: unknown): FieldPath | null {
  return e instanceof ApiError
    ? ((e.problems.find((p) => p.field)?.field as FieldPath | undefined) ?? null)
    : null;
}

function indicatorField(e: unknown): IndicatorField | null {
  const f = e instanceof ApiError ? e.problems.find((p) => p.field)?.field : null;
  return f === 'name' || f === 'target' || f === 'weight' ? f : null;
}

export type { DraftIndicator };
