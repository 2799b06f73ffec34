import { describe, InputProblems, jsonType } from './report-input';

/**
 * The top level of a PUT monitoring / evaluation body, checked before anything is loaded:
 * the `version` the caller read (api.md: every write carries it), the report's one free-text
 * field outside the pure modules' payload (`goalProgress` / `goalAchievement`), and no
 * unknown top-level field (api.md: unknown fields are rejected, not ignored). The rest
 * (`budget`, `entries`, `periodEndMonth`) is left to validateMonitoringInput /
 * validateEvaluationInput, which need the approved indicators. Pure.
 */
export interface ReportEnvelope {
  version: number;
  text: string | null;
  rest: Record<string, unknown>;
}

export function reportEnvelope(
  body: unknown,
  opts: { textField: string; payloadKeys: readonly string[]; maxTextLength: number },
): ReportEnvelope {
  const problems = new InputProblems();
  const accepted = ['version', opts.textField, ...opts.payloadKeys];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add(
      'body',
      `must be a JSON object with version, ${opts.payloadKeys.join(', ')}, not ${jsonType(body)}`,
    );
    problems.throwIfAny();
  }
  const record = body as Record<string, unknown>;
  for (const k of Object.keys(record).filter((key) => !accepted.includes(key)))
    problems.add(k, `unknown field (accepted: ${accepted.join(', ')})`);
  const v = record.version;
  let version = 0;
  if (v === undefined || v === null) {
    problems.add('version', 'is required: the whole-number version of the declaration you read');
  } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    problems.add('version', `${describe(v)} is not a version: give the whole number you read`);
  } else version = v;
  const text = problems.text(record[opts.textField], opts.textField, opts.maxTextLength);
  const rest: Record<string, unknown> = {};
  for (const k of opts.payloadKeys) if (k in record) rest[k] = record[k];
  problems.throwIfAny();
  return { version, text, rest };
}

/** The audited fields of a report save: every key of the stored report before and after. */
export function fieldsOf(...records: (Record<string, unknown> | null)[]): string[] {
  return [...new Set(records.flatMap((r) => (r ? Object.keys(r) : [])))];
}
