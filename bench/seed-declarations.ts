// The declarations (2024–2027, every workflow state in the proportions of late November 2026),
// their ~15 indicators each taken from the shapes of the Shanghai fixture, and the approved
// versions; each declaration's times and edits, which the audit chains then follow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { DeclarationContent, IndicatorContent, Level2 } from '../src/declarations/declaration-content';
import { toStoredContent } from '../src/declarations/declaration-mapper';
import type { Declaration } from '../src/declarations/declaration.entity';
import type { Indicator } from '../src/declarations/indicator.entity';
import { parseSummaryTable } from '../src/imports/summary-table.parser';
import { formatDuration, type Rng } from './common';
import { BATCH, BulkWriter } from './seed-db';
import { BUREAU_NAME, type Dept, type Organisation, type UserRow } from './seed-org';
import { ANCHOR, DAY, iso, N_DECLARATIONS, N_EVENTS } from './seed-size';
import { pathFor, type PathTemplate } from './seed-workflow';

/** Years and the states their declarations are in on ANCHOR (late November 2026). */
const YEARS: Array<{ year: number; share: number; states: Record<string, number> }> = [
  {
    year: 2024,
    share: 0.2,
    states: {
      closed: 90,
      monitored: 3,
      'evaluation.reporting': 4,
      'evaluation.internalReview': 1.5,
      'evaluation.bureauReview': 1.5,
    },
  },
  {
    year: 2025,
    share: 0.25,
    states: {
      closed: 68,
      monitored: 6,
      'evaluation.reporting': 12,
      'evaluation.internalReview': 7,
      'evaluation.bureauReview': 7,
    },
  },
  {
    year: 2026,
    share: 0.3,
    states: {
      monitored: 45,
      'monitoring.reporting': 12,
      'monitoring.internalReview': 8,
      'monitoring.bureauReview': 8,
      approved: 12,
      'adjustment.drafting': 6,
      'adjustment.internalReview': 5,
      'adjustment.bureauReview': 4,
    },
  },
  {
    year: 2027,
    share: 0.25,
    states: { drafting: 45, internalReview: 25, bureauReview: 20, approved: 10 },
  },
];

const LEVEL_ORDER: Record<Level2, number> = {
  quantity: 0,
  quality: 1,
  timeliness: 2,
  cost: 3,
  economic: 4,
  social: 5,
  ecological: 6,
  sustainability: 7,
  serviceSatisfaction: 8,
};

function loadFixture(): DeclarationContent[] {
  const text = readFileSync(
    join(__dirname, '..', '..', 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt'),
    'utf8',
  );
  return parseSummaryTable(text).declarations.map((d) => ({
    ...d.content,
    indicators: d.content.indicators.filter((i) => i.target !== null && i.target.display.trim() !== ''),
  }));
}

/** 12–18 indicators in form order, at least one output and one benefit, every one with a target. */
function pickIndicators(r: Rng, base: IndicatorContent[], pool: IndicatorContent[]): IndicatorContent[] {
  const n = r.int(12, 18);
  const chosen = [...base];
  const names = new Set(chosen.map((i) => i.name));
  for (let guard = 0; chosen.length < n && guard < 500; guard++) {
    const cand = r.pick(pool);
    if (!names.has(cand.name)) {
      names.add(cand.name);
      chosen.push(cand);
    }
  }
  while (chosen.length > n) {
    const k = r.int(0, chosen.length - 1);
    const l1 = chosen[k].level1;
    if (l1 !== 'satisfaction' && chosen.filter((i) => i.level1 === l1).length === 1) continue;
    chosen.splice(k, 1);
  }
  return chosen
    .map((ind, k) => ({ ind, k }))
    .sort((a, b) => LEVEL_ORDER[a.ind.level2] - LEVEL_ORDER[b.ind.level2] || a.k - b.k)
    .map((x) => x.ind);
}

export interface DeclInfo {
  id: number;
  dept: Dept;
  year: number;
  submitter: UserRow;
  deptReviewer: UserRow;
  bureau: UserRow;
  path: PathTemplate;
  /** Edits before the first SUBMIT: -1 a header change, ≥ 0 the position of the indicator changed. */
  edits: Int16Array;
  /** Times of: creation, each edit, each transition (ms). */
  times: Float64Array;
  imported: boolean;
  projectName: string;
  annualRequest: bigint;
  carryover: bigint;
  firstIndicatorId: number;
  indicators: IndicatorContent[];
  returnComment: string;
}

const RETURN_COMMENTS = [
  '绩效指标未细化量化，请补充',
  '年度资金申请与测算依据不一致，请核对',
  '效益指标与项目内容关联度不高，请修改',
  '请补充满意度指标及目标值依据',
  '时效指标目标值偏低，请结合上年完成情况调整',
];
export const ADJUST_COMMENTS = ['预算调整，申请相应调整绩效目标', '项目实施内容变更，调整部分产出指标'];

/**
 * Every declaration with its indicators and approved version, written; returns them with their
 * paths, edits and times, and how many audit events their chains hold.
 */
export async function seedDeclarations(
  pool: Pool,
  r: Rng,
  org: Organisation,
  started: number,
): Promise<{ decls: DeclInfo[]; declEvents: number }> {
  const { depts, users, leaves, submitters, unitReviewer, bureauReviewers } = org;
  const fixture = loadFixture();
  const pool15 = fixture.flatMap((d) => d.indicators);
  const declWriter = new BulkWriter(pool, 'declarations', [
    ['id', 'integer'],
    ['department_id', 'integer'],
    ['department_path', 'varchar'],
    ['year', 'integer'],
    ['project_name', 'varchar'],
    ['project_nature', 'varchar'],
    ['project_category', 'varchar'],
    ['competent_department', 'varchar'],
    ['implementing_unit', 'varchar'],
    ['planned_start', 'varchar'],
    ['planned_end', 'varchar'],
    ['funds_total', 'bigint'],
    ['funds_annual_request', 'bigint'],
    ['funds_current_appropriation', 'bigint'],
    ['funds_carryover', 'bigint'],
    ['funds_other', 'bigint'],
    ['overall_goal', 'text'],
    ['annual_goal', 'text'],
    ['version', 'integer'],
    ['state', 'varchar'],
    ['state_entered_at', 'varchar'],
    ['snapshot', 'text'],
    ['machine_version', 'integer'],
    ['submitted_by', 'integer'],
    ['ever_submitted', 'boolean'],
    ['approved_version', 'integer'],
    ['created_by', 'integer'],
    ['created_at', 'varchar'],
    ['updated_at', 'varchar'],
  ]);
  const indWriter = new BulkWriter(
    pool,
    'indicators',
    [
      ['id', 'integer'],
      ['declaration_id', 'integer'],
      ['position', 'integer'],
      ['level1', 'varchar'],
      ['level2', 'varchar'],
      ['cost_type', 'varchar'],
      ['name', 'varchar'],
      ['target_display', 'varchar'],
      ['target_kind', 'varchar'],
      ['target_comparator', 'varchar'],
      ['target_value', 'varchar'],
      ['target_unit', 'varchar'],
      ['target_text', 'varchar'],
      ['target_direction', 'varchar'],
      ['weight', 'varchar'],
      ['source_line', 'integer'],
      ['created_at', 'varchar'],
      ['updated_at', 'varchar'],
    ],
    BATCH * 4,
  );
  const versionWriter = new BulkWriter(
    pool,
    'declaration_versions',
    [
      ['id', 'integer'],
      ['declaration_id', 'integer'],
      ['version_no', 'integer'],
      ['kind', 'varchar'],
      ['content', 'text'],
      ['approved_by', 'integer'],
      ['approved_at', 'varchar'],
    ],
    1000,
  );

  // Per declaration: year, department, state and path, times.
  const yearOf: number[] = [];
  for (const y of YEARS) {
    const n = Math.round(N_DECLARATIONS * y.share);
    for (let i = 0; i < n && yearOf.length < N_DECLARATIONS; i++) yearOf.push(y.year);
  }
  while (yearOf.length < N_DECLARATIONS) yearOf.push(YEARS[YEARS.length - 1].year);

  const decls: DeclInfo[] = [];
  let baseEvents = 0;
  for (let i = 0; i < N_DECLARATIONS; i++) {
    const year = yearOf[i];
    const y = YEARS.find((x) => x.year === year)!;
    const state = r.weighted(y.states);
    const loop =
      state === 'drafting'
        ? r.weighted({ '0': 80, '1': 12, '2': 8 })
        : r.weighted({ '0': 82, '1': 11, '2': 7 });
    const path = pathFor(state, Number(loop));
    const dept = leaves[r.int(0, leaves.length - 1)];
    const subs = submitters.get(dept.id)!;
    decls.push({
      id: i + 1,
      dept,
      year,
      submitter: subs[r.int(0, subs.length - 1)],
      deptReviewer: unitReviewer.get(dept.unit)!,
      bureau: bureauReviewers[r.int(0, bureauReviewers.length - 1)],
      path,
      edits: new Int16Array(0),
      times: new Float64Array(0),
      imported: r.chance(0.6),
      projectName: '',
      annualRequest: 0n,
      carryover: 0n,
      firstIndicatorId: 0,
      indicators: [],
      returnComment: r.pick(RETURN_COMMENTS),
    });
    baseEvents += 1 + path.steps.length;
  }
  // Edits fill the events up to ~98.5% of the target; the system chain (org, logins) the rest.
  const systemMin = depts.length + users.length + 100;
  const declEventsTarget = Math.max(baseEvents, Math.min(N_EVENTS - systemMin, Math.round(N_EVENTS * 0.985)));
  const meanEdits = (declEventsTarget - baseEvents) / N_DECLARATIONS;
  let declEvents = 0;
  let indicatorId = 0;
  let versionId = 0;
  for (const d of decls) {
    const template = fixture[r.int(0, fixture.length - 1)];
    const remaining = declEventsTarget - declEvents - (1 + d.path.steps.length);
    const nEdits = Math.max(0, Math.min(remaining, Math.round(r.next() * 2 * meanEdits)));
    d.indicators = pickIndicators(r, template.indicators, pool15);
    d.firstIndicatorId = indicatorId + 1;
    indicatorId += d.indicators.length;
    d.edits = new Int16Array(nEdits);
    for (let k = 0; k < nEdits; k++) d.edits[k] = r.chance(0.35) ? -1 : r.int(0, d.indicators.length - 1);
    declEvents += 1 + nEdits + d.path.steps.length;

    // Times: created in the autumn before the year, edits, then the transitions; calendar
    // steps (monitoring in July, evaluation in January) wait for their date.
    const times = new Float64Array(1 + nEdits + d.path.steps.length);
    let t = Date.UTC(d.year - 1, 8, 1) + r.next() * 70 * DAY;
    times[0] = Math.floor(t);
    for (let k = 0; k < nEdits; k++) times[1 + k] = t += (0.01 + r.next() * 1.5) * DAY;
    d.path.steps.forEach((s, k) => {
      t += (0.05 + r.next() * r.next() * 8) * DAY;
      if (s.event === 'OPEN_MONITORING') t = Math.max(t, Date.UTC(d.year, 6, 1) + r.next() * 10 * DAY);
      if (s.event === 'OPEN_EVALUATION') t = Math.max(t, Date.UTC(d.year + 1, 0, 5) + r.next() * 10 * DAY);
      if (s.event === 'REQUEST_ADJUSTMENT') t = Math.max(t, Date.UTC(d.year, 2, 1) + r.next() * 200 * DAY);
      times[1 + nEdits + k] = t;
    });
    const last = times[times.length - 1];
    const end = ANCHOR - DAY / 24 - r.next() * 20 * DAY;
    if (last > end && times.length === 1) times[0] = end;
    else if (last > end) {
      const t0 = Math.min(times[0], end - 10 * DAY);
      const f = (end - t0) / (last - times[0]);
      const first = times[0];
      for (let k = 0; k < times.length; k++) times[k] = t0 + (times[k] - first) * f;
    }
    for (let k = 0; k < times.length; k++) {
      times[k] = Math.floor(times[k]);
      if (k > 0 && times[k] <= times[k - 1]) times[k] = times[k - 1] + 1000;
    }
    d.times = times;

    // The row.
    const dept = d.dept;
    const unit = depts[dept.unit - 1];
    d.projectName = `${unit.name.replace(/^上海市/, '')}${d.year}年${template.projectName ?? '项目'}（${dept.name.replace(unit.name, '')}·${d.id}）`;
    const annualYuan = Math.round(Math.exp(12 + r.next() * 8)); // 160 thousand … 480 million yuan
    const annual = BigInt(annualYuan) * 100n + BigInt(r.chance(0.3) ? r.int(0, 99) : 0);
    const carryover = r.chance(0.2) ? (annual * BigInt(r.int(1, 30))) / 100n : 0n;
    const other = r.chance(0.15) ? ((annual - carryover) * BigInt(r.int(1, 20))) / 100n : 0n;
    const current = annual - carryover - other;
    const total = r.chance(0.5) ? null : annual * BigInt(r.int(1, 3));
    d.annualRequest = annual;
    d.carryover = carryover;
    const nSteps = d.path.steps.length;
    const stateEnteredAt = nSteps ? times[times.length - 1] : times[0];
    const version = 1 + nEdits + nSteps;
    const rowDecl = {
      id: d.id,
      departmentId: dept.id,
      departmentPath: dept.path,
      year: d.year,
      projectName: d.projectName,
      projectNature: template.projectNature,
      projectCategory: template.projectCategory,
      competentDepartment: BUREAU_NAME,
      implementingUnit: unit.name,
      plannedStart: `${d.year}-01-01`,
      plannedEnd: `${d.year}-12-31`,
      fundsTotal: total,
      fundsAnnualRequest: annual,
      fundsCurrentAppropriation: current,
      fundsCarryover: carryover,
      fundsOther: other,
      overallGoal: template.overallGoal,
      annualGoal: template.annualGoal,
    };
    const w1 = declWriter.add([
      d.id,
      dept.id,
      dept.path,
      d.year,
      rowDecl.projectName,
      rowDecl.projectNature,
      rowDecl.projectCategory,
      rowDecl.competentDepartment,
      rowDecl.implementingUnit,
      rowDecl.plannedStart,
      rowDecl.plannedEnd,
      total === null ? null : total.toString(),
      annual.toString(),
      current.toString(),
      carryover.toString(),
      other.toString(),
      rowDecl.overallGoal,
      rowDecl.annualGoal,
      version,
      d.path.state,
      iso(stateEnteredAt),
      d.path.snapshot,
      1,
      d.path.submitted ? d.submitter.id : null,
      d.path.everSubmitted,
      d.path.approvedVersion,
      d.submitter.id,
      iso(times[0]),
      iso(times[times.length - 1]),
    ]);
    if (w1) await w1;
    const createdAt = iso(times[0]);
    const indicatorRows: Indicator[] = [];
    for (let p = 0; p < d.indicators.length; p++) {
      const ind = d.indicators[p];
      const t = ind.target!;
      const id = d.firstIndicatorId + p;
      const w2 = indWriter.add([
        id,
        d.id,
        p,
        ind.level1,
        ind.level2,
        ind.costType,
        ind.name,
        t.display,
        t.kind,
        t.comparator,
        t.value,
        t.unit,
        t.text,
        t.direction,
        null,
        d.imported ? ind.sourceLine : null,
        createdAt,
        createdAt,
      ]);
      if (w2) await w2;
      if (d.path.approvedVersion)
        indicatorRows.push({
          id,
          declarationId: d.id,
          position: p,
          level1: ind.level1,
          level2: ind.level2,
          costType: ind.costType,
          name: ind.name,
          targetDisplay: t.display,
          targetKind: t.kind,
          targetComparator: t.comparator,
          targetValue: t.value,
          targetUnit: t.unit,
          targetText: t.text,
          targetDirection: t.direction,
          weight: null,
          sourceLine: d.imported ? ind.sourceLine : null,
          createdAt,
          updatedAt: createdAt,
          sourceIndicatorId: null,
          libraryEntryId: null,
        });
    }
    if (d.path.approvedVersion) {
      // The declaration's final approval: the last bureau APPROVE out of bureauReview.
      const k = d.path.steps.findIndex((s) => s.event === 'APPROVE' && s.from === 'bureauReview');
      const content = JSON.stringify(toStoredContent(rowDecl as unknown as Declaration, indicatorRows));
      const w3 = versionWriter.add([
        ++versionId,
        d.id,
        1,
        'declaration',
        content,
        d.bureau.id,
        iso(times[1 + nEdits + k]),
      ]);
      if (w3) await w3;
    }
    if (d.id % 20_000 === 0)
      console.log(`  … ${d.id} declarations (${formatDuration(Date.now() - started)})`);
  }
  await Promise.all([declWriter.close(), indWriter.close(), versionWriter.close()]);
  console.log(
    `  ${declWriter.rows} declarations, ${indWriter.rows} indicators, ${versionWriter.rows} approved versions (${formatDuration(Date.now() - started)}; database ${[declWriter, indWriter, versionWriter].map((w) => formatDuration(w.dbMs)).join(' + ')})`,
  );
  return { decls, declEvents };
}
