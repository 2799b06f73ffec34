/**
 * Whether an error answer names a field. Messages name fields in the user's words (项目资金总额,
 * not funds.total), so the check reads the machine-readable `field` of the body and of each of
 * its `details`, and only then the message (a line number, a sheet name).
 */
export interface ErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  field?: string;
  details?: Array<{ code?: string; field?: string; message?: string }>;
}

function fieldsOf(body: ErrorBody | undefined): string[] {
  if (!body || typeof body !== 'object') return [];
  return [body.field, ...(Array.isArray(body.details) ? body.details.map((d) => d?.field) : [])].filter(
    (f): f is string => typeof f === 'string',
  );
}

/** `entries[0].remark` → `.entries.0.remark.`: paths compared segment by segment. */
const segments = (path: string) => `.${path.replace(/\[(\d+)\]/g, '.$1')}.`;

/** One path names the other when it holds the other's segments in a row, or leads to it. */
const related = (f: string, field: string) => {
  const a = segments(f);
  const b = segments(field);
  return a.includes(b) || b.startsWith(a);
};

export function namesField(body: ErrorBody | undefined, field: string | RegExp): boolean {
  const fields = fieldsOf(body);
  const message = typeof body?.message === 'string' ? body.message : '';
  if (typeof field === 'string') return fields.some((f) => related(f, field)) || message.includes(field);
  return fields.some((f) => field.test(f)) || field.test(message);
}

/**
 * The English left in a message meant for a Chinese reader, or null: a run of three or more
 * Latin letters outside what a Chinese message legitimately quotes (text in quotes, a field's
 * code in parentheses, character codes, content types, JSON words). Used to check that nothing
 * reaches a person in a developer's words.
 */
export function englishIn(message: string): string | null {
  const stripped = message
    // The service's own quotation marks first: what they quote is the client's and may hold quotes.
    .replace(/「[^」]*」/g, '')
    .replace(/「[^」]*$/, '') // a quotation cut off with a long message
    .replace(/"[^"]*"|“[^”]*”|'[^']*'/g, '')
    .replace(/U\+[0-9A-F]{4,6}/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '') // a request id
    .replace(/\b[a-z]+\/[a-z0-9.+-]+\b/gi, '') // content types
    .replace(/（[A-Za-z][A-Za-z0-9_.[\]-]*）|\([A-Za-z][A-Za-z0-9_.[\]-]*\)/g, '') // （limit）
    .replace(/\b(JSON|null|true|false|HTTP|YYYY-MM-DD|xlsx|SM[23]|NUL|XML|Excel|UTF-8|CSV)\b/g, '');
  const m = /[A-Za-z]{3,}/.exec(stripped);
  return m ? m[0] : null;
}
