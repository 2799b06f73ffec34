// The framework-free baseline of `reads_raw` (bench/reads-raw.ts): Node's http and a pg pool,
// nothing else. For each path it knows (BENCH_RAW_STATEMENTS: path → the statements the service
// sent for it, captured by bench/capture-sql.ts), a request runs those statements in order on one
// pooled connection and answers the rows as JSON. No token check, no scope, no validation, no
// framework: what the service adds on top is what `reads_ratio` shows.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Pool } from 'pg';

interface Statement {
  text: string;
  values: unknown[];
}

const statements = new Map<string, Statement[]>(
  Object.entries(
    JSON.parse(readFileSync(process.env.BENCH_RAW_STATEMENTS!, 'utf8')) as Record<string, Statement[]>,
  ),
);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

const server = http.createServer((req, res) => {
  const path = req.url ?? '/';
  if (path === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const list = statements.get(path);
  if (!list) {
    res.writeHead(404).end();
    return;
  }
  void (async () => {
    const client = await pool.connect();
    try {
      const results: unknown[] = [];
      for (const s of list) results.push((await client.query(s.text, s.values)).rows);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(results));
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    } finally {
      client.release();
    }
  })();
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
