import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { diffFields } from '../audit/audit-actions';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import { applyDeclarationScope } from '../auth/scope';
import { CommonErrors } from '../common/common.messages';
import { render, DEFAULT_LANG } from '../common/i18n';
import { valueLabel } from '../common/i18n';
import { parseMoney } from '../common/money';
import { Cursors, parseLimit, type Page } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { isIsoDate, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { departmentPrefix, nameWords } from './list-filters';
import { Department } from '../auth/department.entity';
import { QueueItemFacts } from './item-facts';
import { initialSnapshot, MACHINE_VERSION, toPersisted } from '../lifecycle/declaration.persistence';
import { assertEditable, isEditable, type EditablePart } from '../lifecycle/editability';
import { PhaseFindings } from './phase-findings';
import { DECLARATION_ACTIONS, type DeclarationActions } from './declaration-actions';
import { DeclarationAccess, stateParams } from './declaration-access';
import {
  COUNT_LIMITS,
  emptyContent,
  LEVEL2_OF,
  type DeclarationContent,
  type Funds,
  type Level1,
  type Level2,
} from './declaration-content';
import { Declaration } from './declaration.entity';
import {
  contentOf,
  declarationSummaryView,
  declarationView,
  FUND_FIELDS,
  fundsOf,
  fundsView,
  GOAL_FIELDS,
  HEADER_FIELDS,
  indicatorView,
  setFunds,
  setTarget,
} from './declaration-mapper';
import { DeclarationErrors, registerReferenceLists } from './declarations.messages';
import type {
  CreateDeclarationDto,
  CreateIndicatorDto,
  LinkIndicatorDto,
  FundsDto,
  UpdateDeclarationDto,
  UpdateIndicatorDto,
} from './declarations.dto';
import { auditedIndicator, indicatorCreated, indicatorDeleted, INDICATOR_AUDITED } from './indicator-audit';
import { LIBRARY_LINKS, type LibraryLinks } from './library-links';
import { Indicator } from './indicator.entity';
import { parseTarget } from './target-notation';

const CONTENT_PARTS: EditablePart[] = ['header', 'funds', 'goals', 'indicators'];

/** An audit record of a change to a declaration, before the declaration and state are added. */
type OnDeclaration = Omit<AuditRecord, 'declarationId' | 'state'>;

/** How `insertDeclaration` records what it creates. */
export interface InsertAudit {
  /** The declaration's own event (`declaration.created`, `declaration.imported`), written first. */
  declaration: (d: Declaration) => Omit<AuditRecord, 'entityType' | 'entityId' | 'declarationId' | 'state'>;
  /** Why each indicator came to be: the comment of its `indicator.created`. */
  indicatorComment: (i: Indicator) => string | null;
}

/** Where a declaration copied from last year's came from (next-year). */
export interface InsertLineage {
  previousDeclarationId: number;
  /** By the content's indicator index: the indicator of last year it was copied from. */
  sourceIndicatorIds: Array<number | null>;
}

export interface ListFilters {
  year?: number;
  state?: string;
  departmentId?: number;
  q?: string;
  limit?: unknown;
  cursor?: unknown;
}

/** A row of `GET /api/declarations`. */
export type ListItem = ReturnType<typeof declarationSummaryView> & {
  departmentName: string | null;
  stateLabel: string;
  findings: { errors: number; warnings: number };
};

/** The names of the page's departments (they may be renamed; one query for the page). */
async function departmentNames(em: EntityManager, ds: Declaration[]): Promise<Map<number, string>> {
  const ids = [...new Set(ds.map((d) => d.departmentId))];
  if (!ids.length) return new Map();
  const rows = await em.find(Department, { where: { id: In(ids) }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Declarations and their indicators: the form's content, with audit records written in the same transaction. */
@Injectable()
export class DeclarationsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(QueueItemFacts) private readonly facts: QueueItemFacts,
    @Inject(Cursors) private readonly cursors: Cursors,
    @Inject(DECLARATION_ACTIONS) private readonly workflow: DeclarationActions,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(LIBRARY_LINKS) private readonly library: LibraryLinks,
  ) {
    // 项目性质 and 项目类别 as the config lists them, for the reference-data route.
    registerReferenceLists(config.referenceData);
  }

  async create(ctx: RequestContext, dto: CreateDeclarationDto) {
    const funds = parseFunds(dto.funds);
    checkDates(dto.plannedStart, dto.plannedEnd);
    return this.db.write(async (tx) => {
      const d = await this.insertDeclaration(
        tx,
        ctx,
        {
          ...emptyContent(dto.year),
          ...pickHeader(dto),
          funds: { ...emptyContent(dto.year).funds, ...funds },
        },
        {
          declaration: (created) => ({
            action: 'declaration.created',
            changes: diffFields(null, flatHeader(created), [
              ...HEADER_FIELDS,
              ...FUND_FIELDS.map((f) => `funds.${f}`),
              ...GOAL_FIELDS,
            ]),
          }),
          indicatorComment: () => null,
        },
      );
      return d.id;
    });
  }

  /**
   * Inserts a declaration in `drafting` with its indicators (create and import) and their
   * audit events: the declaration's, then one `indicator.created` per indicator, so every
   * indicator has a history from its first day.
   */
  async insertDeclaration(
    tx: Tx,
    ctx: RequestContext,
    content: DeclarationContent,
    audit: InsertAudit,
    lineage: InsertLineage | null = null,
  ): Promise<Declaration> {
    const dep = await tx.findOneOrFail(Department, { where: { id: ctx.user.departmentId } });
    const now = nowIso();
    const persisted = toPersisted(initialSnapshot());
    const d = tx.create(Declaration, {
      departmentId: dep.id,
      departmentPath: dep.path,
      year: content.year,
      projectName: content.projectName,
      projectNature: content.projectNature,
      projectCategory: content.projectCategory,
      competentDepartment: content.competentDepartment,
      implementingUnit: content.implementingUnit,
      plannedStart: content.plannedStart,
      plannedEnd: content.plannedEnd,
      overallGoal: content.overallGoal,
      annualGoal: content.annualGoal,
      version: 1,
      state: persisted.state,
      stateEnteredAt: now,
      snapshot: JSON.stringify(persisted),
      machineVersion: MACHINE_VERSION,
      submittedBy: null,
      everSubmitted: false,
      approvedVersion: null,
      previousDeclarationId: lineage?.previousDeclarationId ?? null,
      createdBy: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    });
    setFunds(d, content.funds);
    const saved = await tx.save(Declaration, d);
    if (content.indicators.length) {
      await tx.insert(
        Indicator,
        content.indicators.map((c, position) => {
          const i = tx.create(Indicator, {
            declarationId: saved.id,
            position,
            level1: c.level1,
            level2: c.level2,
            costType: c.costType,
            name: c.name,
            weight: c.weight,
            sourceLine: c.sourceLine,
            sourceIndicatorId: lineage?.sourceIndicatorIds[position] ?? null,
            libraryEntryId: c.libraryEntryId ?? null,
            createdAt: now,
            updatedAt: now,
          });
          setTarget(i, c.target);
          return i;
        }),
      );
    }
    // Read back for their ids (one query, whatever the count).
    const indicators = content.indicators.length ? await this.access.indicators(tx, saved.id) : [];
    const onChain = { declarationId: saved.id, state: saved.state };
    await this.audit.recordMany(ctx, [
      { ...audit.declaration(saved), entityType: 'declaration', entityId: saved.id, ...onChain },
      ...indicators.map((i) => ({ ...indicatorCreated(i, audit.indicatorComment(i)), ...onChain })),
    ]);
    return saved;
  }

  list(ctx: RequestContext, f: ListFilters): Promise<Page<ListItem>> {
    const limit = parseLimit(f.limit);
    const cursor = this.cursors.decode(f.cursor);
    return this.db.read(async (em) => {
      const qb = applyDeclarationScope(em.createQueryBuilder(Declaration, 'd'), ctx.user);
      // Written as a range so that PostgreSQL walks the (year, id) index in order instead of
      // the primary key past other years' rows (with `=` it drops year from the ORDER BY).
      if (f.year !== undefined) qb.andWhere('d.year >= :year AND d.year <= :year', { year: f.year });
      if (f.state) qb.andWhere('d.state = :state', { state: f.state });
      if (f.departmentId !== undefined)
        qb.andWhere('d.department_path LIKE :subtree', {
          subtree: `${await departmentPrefix(em, f.departmentId)}%`,
        });
      nameWords(f.q).forEach((word, i) =>
        qb.andWhere(`d.project_name LIKE :word${i} ESCAPE '\\'`, { [`word${i}`]: word }),
      );
      if (cursor) qb.andWhere('d.id > :after', { after: Number(cursor[0]) });
      if (f.year !== undefined) qb.orderBy('d.year', 'ASC').addOrderBy('d.id', 'ASC');
      else qb.orderBy('d.id', 'ASC');
      const rows = await qb.limit(limit + 1).getMany();
      const items = rows.slice(0, limit);
      // The finding badges of a list row: the phase's findings as SUBMIT sees them, the same
      // (remembered per version) counts the review queue shows.
      const facts = await this.facts.of(em, items);
      const names = await departmentNames(em, items);
      return {
        items: items.map((d) => {
          const f = facts.get(d.id);
          return {
            ...declarationSummaryView(d),
            departmentName: names.get(d.departmentId) ?? null,
            stateLabel: valueLabel(d.state, ctx.lang, 'state'),
            findings: { errors: f?.errors ?? 0, warnings: f?.warnings ?? 0 },
          };
        }),
        nextCursor: rows.length > limit ? this.cursors.encode([items[items.length - 1].id]) : null,
      };
    });
  }

  async get(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      return { declaration: d, indicators: await this.access.indicators(em, id) };
    });
  }

  /** The declaration as the API shows it: its content, what the reader may do and may change now. */
  async view(ctx: RequestContext, id: number) {
    const { declaration, indicators } = await this.get(ctx, id);
    // What the reader may change now: the same rules a write checks (owner's submitter, editable state).
    const owner = declaration.departmentId === ctx.user.departmentId && ctx.user.roles.includes('submitter');
    const parts = owner ? CONTENT_PARTS.filter((p) => isEditable(declaration.state, p)) : [];
    return declarationView(
      declaration,
      indicators,
      await this.workflow.actionsFor(ctx, declaration),
      ctx.lang,
      parts,
    );
  }

  /** The findings of the current phase's content, in the reader's language. */
  findings(ctx: RequestContext, id: number) {
    return this.db.read(async (em) =>
      this.phaseFindings.forDeclaration(em, await this.access.load(em, ctx, id), ctx.lang),
    );
  }

  /**
   * Changes only what was sent: a field left out keeps its value, `null` clears it; `funds` is
   * merged field by field (issue 13: `{"funds":{"total":…}}` erased the other four).
   */
  async patch(ctx: RequestContext, id: number, dto: UpdateDeclarationDto): Promise<number> {
    const { version, funds: fundsDto, ...given } = dto;
    const header = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    const funds = parseFunds(fundsDto);
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, version);
      const loaded = { ...d };
      const headerKeys = Object.keys(header).filter((k) => (HEADER_FIELDS as readonly string[]).includes(k));
      const goalKeys = Object.keys(header).filter((k) => (GOAL_FIELDS as readonly string[]).includes(k));
      if (headerKeys.length) assertEditable(d.state, 'header');
      if (Object.keys(funds).length) assertEditable(d.state, 'funds');
      if (goalKeys.length) assertEditable(d.state, 'goals');
      const before = flatHeader(d);
      for (const k of [...headerKeys, ...goalKeys])
        (d as unknown as Record<string, unknown>)[k] = (header as Record<string, unknown>)[k] ?? null;
      setFunds(d, funds);
      checkDates(d.plannedStart, d.plannedEnd);
      const changes = diffFields(before, flatHeader(d), [
        ...HEADER_FIELDS,
        ...FUND_FIELDS.map((f) => `funds.${f}`),
        ...GOAL_FIELDS,
      ]);
      return this.touch(
        tx,
        ctx,
        d,
        { action: 'declaration.updated', entityType: 'declaration', entityId: d.id, changes },
        changedColumns(loaded, d),
      );
    });
  }

  async remove(ctx: RequestContext, id: number, version: number | undefined): Promise<void> {
    await this.db.write(async (tx) => {
      const current = await this.access.load(tx, ctx, id);
      const d = await this.access.loadForWrite(tx, ctx, id, version ?? current.version);
      if (d.everSubmitted || d.state !== 'drafting')
        throw DeclarationErrors.DECLARATION_NOT_DELETABLE(stateParams(d.state), { state: d.state });
      const indicators = await this.access.indicators(tx, id);
      await tx.delete(Indicator, { declarationId: id });
      await tx.delete(Declaration, { id });
      // Each indicator's history ends in its deletion, then the declaration's own event.
      const onChain = { declarationId: id, state: d.state };
      await this.audit.recordMany(ctx, [
        ...indicators.map((i) => ({
          ...indicatorDeleted(i, auditComment('INDICATOR_DELETED_WITH_DECLARATION_COMMENT', { id })),
          ...onChain,
        })),
        {
          action: 'declaration.deleted',
          entityType: 'declaration',
          entityId: id,
          changes: [
            { field: 'projectName', before: d.projectName, after: null },
            { field: 'indicators', before: indicators.length, after: 0 },
          ],
          ...onChain,
        },
      ]);
    });
  }

  async addIndicator(ctx: RequestContext, id: number, dto: CreateIndicatorDto) {
    let level1 = dto.level1 as Level1;
    let level2 = checkLevels(level1, dto.level2 as Level2);
    const target = parseTarget(dto.target ?? '', 'target');
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, dto.version);
      assertEditable(d.state, 'indicators');
      // Picked from the library: its levels and name are the indicator's.
      const entry =
        dto.libraryEntryId === undefined
          ? null
          : await this.library.entryForLink(tx, dto.libraryEntryId, d.year, 'libraryEntryId');
      if (entry) {
        level1 = entry.level1;
        level2 = entry.level2;
      }
      const existing = await this.access.indicators(tx, id);
      if (existing.length >= COUNT_LIMITS.indicators)
        throw DeclarationErrors.TOO_MANY_INDICATORS(
          { max: COUNT_LIMITS.indicators, count: existing.length },
          { field: 'indicators' },
        );
      // Inserted after the last indicator of the same level-1/level-2 group, as in the form.
      const last =
        [...existing].reverse().find((i) => i.level1 === level1 && i.level2 === level2) ??
        [...existing].reverse().find((i) => levelOrder(i.level1) <= levelOrder(level1));
      const position = last ? last.position + 1 : 0;
      const moved = existing.filter((e) => e.position >= position);
      for (const i of moved) await tx.update(Indicator, { id: i.id }, { position: i.position + 1 });
      const now = nowIso();
      const ind = tx.create(Indicator, {
        declarationId: id,
        position,
        level1,
        level2,
        costType: level2 === 'cost' ? (dto.costType ?? null) : null,
        name: entry ? entry.name : dto.name.trim(),
        weight: dto.weight ?? null,
        sourceLine: null,
        libraryEntryId: entry?.id ?? null,
        createdAt: now,
        updatedAt: now,
      });
      setTarget(ind, target);
      const saved = await tx.save(Indicator, ind);
      // The indicators after it moved down one place: a change of each one's position.
      const version = await this.touch(tx, ctx, d, [
        indicatorCreated(saved, dto.reason ?? null),
        ...moved.map((i) => ({
          action: 'indicator.updated' as const,
          entityType: 'indicator',
          entityId: i.id,
          indicatorId: i.id,
          comment: auditComment('INDICATOR_MOVED_DOWN_COMMENT', { indicatorId: saved.id }),
          changes: [{ field: 'position', before: i.position, after: i.position + 1 }],
        })),
      ]);
      return { indicator: indicatorView(saved), version };
    });
  }

  async patchIndicator(ctx: RequestContext, id: number, indicatorId: number, dto: UpdateIndicatorDto) {
    // Only what was sent changes; `target: null` (or "") clears the target on purpose.
    const target = dto.target === undefined ? undefined : parseTarget(dto.target ?? '', 'target');
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, dto.version);
      assertEditable(d.state, 'indicators');
      const ind = await tx.findOne(Indicator, { where: { id: indicatorId, declarationId: id } });
      if (!ind) throw DeclarationErrors.INDICATOR_NOT_FOUND({ id, indicatorId }, { field: 'indicatorId' });
      const before = auditedIndicator(ind);
      if (dto.level2 !== undefined) ind.level2 = checkLevels(ind.level1, dto.level2 as Level2);
      if (dto.name !== undefined) ind.name = dto.name.trim();
      if (target !== undefined) setTarget(ind, target);
      if (dto.weight !== undefined) ind.weight = dto.weight;
      if (dto.costType !== undefined) ind.costType = dto.costType;
      if (ind.level2 !== 'cost') ind.costType = null;
      // A move renumbers the form's order: the indicator at its new place, the others shifted.
      const shifted: Array<{ id: number; before: number; after: number }> = [];
      if (dto.position !== undefined) {
        const others = (await this.access.indicators(tx, id)).filter((i) => i.id !== ind.id);
        const order = [...others];
        order.splice(Math.min(dto.position, others.length), 0, ind);
        order.forEach((i, position) => {
          if (i.id === ind.id) ind.position = position;
          else if (i.position !== position) shifted.push({ id: i.id, before: i.position, after: position });
        });
        for (const m of shifted) await tx.update(Indicator, { id: m.id }, { position: m.after });
      }
      ind.updatedAt = nowIso();
      const changes = diffFields(before, auditedIndicator(ind), INDICATOR_AUDITED);
      await tx.save(Indicator, ind);
      const version = await this.touch(tx, ctx, d, [
        {
          action: 'indicator.updated',
          entityType: 'indicator',
          entityId: ind.id,
          indicatorId: ind.id,
          comment: dto.reason ?? null,
          changes,
        },
        ...shifted.map((m) => ({
          action: 'indicator.updated' as const,
          entityType: 'indicator',
          entityId: m.id,
          indicatorId: m.id,
          comment: auditComment('INDICATOR_MOVED_COMMENT', { indicatorId: ind.id }),
          changes: [{ field: 'position', before: m.before, after: m.after }],
        })),
      ]);
      return { indicator: indicatorView(ind), version };
    });
  }

  /**
   * Links an indicator to an indicator library entry (its 一级/二级 and name become the entry's; the
   * target and weight stay), or unlinks it (null: the words stay, the indicator is the unit's own).
   * An edit of the indicator like any other: editable state, version, audited (`indicator.updated`).
   */
  async linkIndicator(ctx: RequestContext, id: number, indicatorId: number, dto: LinkIndicatorDto) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, dto.version);
      assertEditable(d.state, 'indicators');
      const ind = await tx.findOne(Indicator, { where: { id: indicatorId, declarationId: id } });
      if (!ind) throw DeclarationErrors.INDICATOR_NOT_FOUND({ id, indicatorId }, { field: 'indicatorId' });
      const before = auditedIndicator(ind);
      if (dto.libraryEntryId === null) ind.libraryEntryId = null;
      else {
        const entry = await this.library.entryForLink(tx, dto.libraryEntryId, d.year, 'libraryEntryId');
        ind.libraryEntryId = entry.id;
        ind.level1 = entry.level1;
        ind.level2 = entry.level2;
        ind.name = entry.name;
        if (ind.level2 !== 'cost') ind.costType = null;
      }
      ind.updatedAt = nowIso();
      const changes = diffFields(before, auditedIndicator(ind), INDICATOR_AUDITED);
      await tx.save(Indicator, ind);
      const version = await this.touch(tx, ctx, d, [
        {
          action: 'indicator.updated',
          entityType: 'indicator',
          entityId: ind.id,
          indicatorId: ind.id,
          comment: dto.reason ?? null,
          changes,
        },
      ]);
      return { indicator: indicatorView(ind), version };
    });
  }

  async removeIndicator(
    ctx: RequestContext,
    id: number,
    indicatorId: number,
    version: number,
    reason?: string,
  ) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, version);
      assertEditable(d.state, 'indicators');
      const ind = await tx.findOne(Indicator, { where: { id: indicatorId, declarationId: id } });
      if (!ind) throw DeclarationErrors.INDICATOR_NOT_FOUND({ id, indicatorId }, { field: 'indicatorId' });
      await tx.delete(Indicator, { id: indicatorId });
      const next = await this.touch(tx, ctx, d, indicatorDeleted(ind, reason ?? null));
      return { version: next };
    });
  }

  /**
   * Bumps the version, writes the declaration's columns the caller changed (`changed`: none when
   * the change is to its indicators or a report) and the audit records of the change, in the
   * caller's transaction. Only those columns: the state and snapshot belong to the workflow.
   */
  async touch(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    recs: OnDeclaration | OnDeclaration[],
    changed: Partial<Declaration> = {},
  ): Promise<number> {
    d.version += 1;
    d.updatedAt = nowIso();
    await tx.update(Declaration, { id: d.id }, { ...changed, version: d.version, updatedAt: d.updatedAt });
    const list = Array.isArray(recs) ? recs : [recs];
    await this.audit.recordMany(
      ctx,
      list.map((rec) => ({ ...rec, declarationId: d.id, state: d.state })),
    );
    return d.version;
  }

  contentOf(d: Declaration, indicators: Indicator[]): DeclarationContent {
    return contentOf(d, indicators);
  }
}

/** The columns whose values differ from those loaded. */
function changedColumns(loaded: Declaration, d: Declaration): Partial<Declaration> {
  return Object.fromEntries(
    Object.entries(d).filter(([k, v]) => loaded[k as keyof Declaration] !== v),
  ) as Partial<Declaration>;
}

function flatHeader(d: Declaration): Record<string, unknown> {
  const funds = fundsView(fundsOf(d));
  return {
    ...Object.fromEntries(HEADER_FIELDS.map((k) => [k, d[k]])),
    ...Object.fromEntries(FUND_FIELDS.map((f) => [`funds.${f}`, funds[f]])),
    overallGoal: d.overallGoal,
    annualGoal: d.annualGoal,
  };
}

function levelOrder(l1: Level1): number {
  return ['output', 'benefit', 'satisfaction'].indexOf(l1);
}

function checkLevels(level1: Level1, level2: Level2): Level2 {
  if (!LEVEL2_OF[level1].includes(level2))
    throw DeclarationErrors.INDICATOR_LEVEL2_MISMATCH(
      { level1, level2, allowed: [...LEVEL2_OF[level1]] },
      { field: 'level2' },
    );
  return level2;
}

/**
 * The funds sent, field by field: a field left out is not in the result (it keeps its value),
 * `null` clears it. A DTO's class fields all exist (as undefined) under the ES2023 target, so
 * "left out" is `undefined`, not "not a key" (JSON has no undefined).
 */
function parseFunds(dto: FundsDto | undefined): Partial<Funds> {
  if (!dto) return {};
  const out: Partial<Funds> = {};
  for (const f of FUND_FIELDS) {
    const v = dto[f];
    if (v === undefined) continue;
    out[f] = v === null ? null : parseMoney(v, `funds.${f}`);
  }
  return out;
}

function checkDates(start: string | null | undefined, end: string | null | undefined): void {
  for (const [name, v] of [
    ['plannedStart', start],
    ['plannedEnd', end],
  ] as const) {
    if (v && !isIsoDate(v)) throw CommonErrors.FIELD_DATE_INVALID({ value: v }, { field: name });
  }
  if (start && end && end < start)
    throw DeclarationErrors.DECLARATION_DATES_ORDER({ start, end }, { field: 'plannedEnd' });
}

/** A comment the service writes into the audit trail: in Chinese, the record's language. */
function auditComment(code: string, params: object): string {
  return render(code, params, DEFAULT_LANG);
}

function pickHeader(dto: CreateDeclarationDto): Partial<DeclarationContent> {
  const out: Record<string, unknown> = {};
  for (const k of [...HEADER_FIELDS, ...GOAL_FIELDS])
    if ((dto as unknown as Record<string, unknown>)[k] !== undefined)
      out[k] = (dto as unknown as Record<string, unknown>)[k];
  return out as Partial<DeclarationContent>;
}
