import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * The declarations list carries what a row of the console shows: the owning department's name
 * and the finding badges (errors, warnings), the same counts GET /findings gives, so a
 * submitter sees which drafts cannot be submitted yet without opening each.
 */

const FIXTURE = readFileSync(
  join(process.cwd(), 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt'),
  'utf8',
);

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  const res = await t.request('POST', '/api/imports/declarations', {
    token: w.users.submitter.token,
    raw: { payload: FIXTURE, contentType: 'text/plain; charset=utf-8' },
  });
  if (res.status !== 200) throw new Error(`import: ${res.status} ${res.text}`);
});
afterAll(async () => t?.close());

interface Row {
  id: number;
  projectName: string;
  departmentName: string | null;
  findings: { errors: number; warnings: number };
}

describe('GET /api/declarations: finding badges and the department name', () => {
  it('gives each row the counts of its findings, as GET /findings has them', async () => {
    const sub = w.users.submitter.token;
    const rows = (await t.get('/api/declarations?year=2026&limit=500', sub)).body.items as Row[];
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      const findings = (await t.get(`/api/declarations/${row.id}/findings`, sub)).body as Array<{
        severity: string;
      }>;
      expect({ name: row.projectName, ...row.findings }).toEqual({
        name: row.projectName,
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
      });
      expect(row.departmentName).toBe('运营管理部');
    }
    // The two blank targets of 数据运营服务费 block it; the others have no error.
    const ops = rows.find((r) => r.projectName === '数据运营服务费')!;
    expect(ops.findings.errors).toBe(2);
  });

  it('updates the badges when the content changes, for the reviewer too', async () => {
    const sub = w.users.submitter.token;
    const rows = (await t.get('/api/declarations?year=2026&q=数据运营服务费', sub)).body.items as Row[];
    const id = rows[0].id;
    const view = (await t.get(`/api/declarations/${id}`, sub)).body as {
      version: number;
      indicators: Array<{ id: number; name: string }>;
    };
    const missing = view.indicators.find((i) => i.name === '需求响应及时率')!;
    const res = await t.patch(
      `/api/declarations/${id}/indicators/${missing.id}`,
      { version: view.version, target: '≥95(%)' },
      sub,
    );
    expect(res.status).toBe(200);
    for (const token of [sub, w.users.deptReviewer.token]) {
      const after = (await t.get('/api/declarations?year=2026&q=数据运营服务费', token)).body.items as Row[];
      expect(after.map((r) => r.findings.errors)).toEqual([1]);
    }
  });
});

describe('POST /api/imports/declarations?dryRun=true: findings name their line', () => {
  it('gives each finding about an indicator the line of the table it is on', async () => {
    const res = await t.request('POST', '/api/imports/declarations?dryRun=true', {
      token: w.users.submitter.token,
      raw: { payload: FIXTURE, contentType: 'text/plain; charset=utf-8' },
    });
    expect(res.status).toBe(200);
    const lines = FIXTURE.split('\n');
    const lineOf = (name: string) => lines.findIndex((l) => l.split('\t').includes(name)) + 1;
    const ops = (
      res.body.declarations as Array<{
        projectName: string;
        findings: Array<{ code: string; line?: number; params?: { line?: number } }>;
      }>
    ).find((d) => d.projectName === '数据运营服务费')!;
    expect(ops.findings.filter((f) => f.code === 'TARGET_MISSING').map((f) => f.line)).toEqual([
      lineOf('需求响应及时率'),
      lineOf('异议核实工单完成及时率'),
    ]);
    for (const f of ops.findings.filter((x) => x.code === 'LAYOUT_REPAIRED'))
      expect(f.line).toBe(f.params?.line);
  });
});
