import { AppError, renderProblem } from '../../src/common/errors';
import { parseMoney } from '../../src/common/money';
import type { Target } from '../../src/declarations/declaration-content';
import { parseTarget } from '../../src/declarations/target-notation';

/**
 * What the report rules' unit specs (monitoring-rules.spec.ts, scoring.spec.ts) build their
 * cases with and read their refusals by.
 */

/** A target in the form's notation (`≥150.00(个)`, `及时`). */
export function target(notation: string): Target {
  const parsed = parseTarget(notation);
  if (!parsed) throw new Error(`no target: ${notation}`);
  return parsed;
}

/** An amount in yuan as the rules take it (fen). */
export const yuan = (s: string) => parseMoney(s, 'test');

/** The AppError `fn` throws (fails when it throws none or another error). */
export function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** The first problem of a refusal: its code, its field and its Chinese text. */
export function firstProblem(e: AppError) {
  const [p] = e.details ?? [{ code: e.code, params: e.params, field: e.field }];
  return { code: p.code, field: p.field, zh: renderProblem(p, 'zh'), en: renderProblem(p, 'en') };
}
