// Loaded with --require into one service instance by `reads_raw` (bench/reads-raw.ts): every
// statement the pg driver sends is appended to BENCH_CAPTURE_FILE as a JSON line, so the
// framework-free server replays exactly the service's own statements, parameters included.
import { appendFileSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import pg = require('pg');

const file = process.env.BENCH_CAPTURE_FILE;
if (file) {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const send = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args as [unknown, unknown];
    const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
    const params = Array.isArray(values) ? values : ((config as { values?: unknown[] } | null)?.values ?? []);
    if (typeof text === 'string') appendFileSync(file, `${JSON.stringify({ text, values: params })}\n`);
    return send.apply(this, args);
  };
}
