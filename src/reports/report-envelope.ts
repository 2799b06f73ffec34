import { InputProblems } from './report-input';

/** The largest version the integer column holds (as the DTOs' `@IsIntegerKey('version')`). */
const MAX_VERSION = 2_147_483_647;

/**
 * The top level of a PUT or PATCH monitoring / evaluation body, checked before anything is
 * loaded: the `version` the caller read (docs/spec/api.md: every write carries it), the report's one
 * free-text field outside the pure modules' payload (`goalProgress` / `goalAchievement`), and
 * no unknown top-level field (docs/spec/api.md: unknown fields are rejected, not ignored). The rest
 * (`budget`, `entries`, `periodEndMonth`) is left to the report's rules, which need the
 * approved indicators. Pure.
 */
export interface ReportEnvelope {
  version: number;
  /** The text field: null when sent as null or blank (cleared), undefined when not sent. */
  text: string | null | undefined;
  rest: Record<string, unknown>;
}

export function reportEnvelope(
  body: unknown,
  opts: { textField: string; payloadKeys: readonly string[]; maxTextLength: number },
): ReportEnvelope {
  const problems = new InputProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('body', 'FIELD_OBJECT');
    problems.throwIfAny();
  }
  const r = problems.object(body, '', ['version', opts.textField, ...opts.payloadKeys]) as Record<
    string,
    unknown
  >;
  const v = r.version;
  let version = 0;
  if (v === undefined) problems.add('version', 'FIELD_REQUIRED');
  else if (v === null) problems.add('version', 'FIELD_NOT_NULL');
  else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_VERSION)
    problems.add('version', 'FIELD_VERSION');
  else version = v;
  const text =
    r[opts.textField] === undefined
      ? undefined
      : problems.text(r[opts.textField], opts.textField, opts.maxTextLength);
  const rest: Record<string, unknown> = {};
  for (const k of opts.payloadKeys) if (r[k] !== undefined) rest[k] = r[k];
  problems.throwIfAny();
  return { version, text, rest };
}

/** The audited fields of a report save: every key of the stored report before and after. */
export function fieldsOf(...records: (Record<string, unknown> | null)[]): string[] {
  return [...new Set(records.flatMap((r) => (r ? Object.keys(r) : [])))];
}
