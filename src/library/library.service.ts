import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { diffFields, type FieldChange } from '../audit/audit-actions';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import { AppError, renderProblem } from '../common/errors';
import { render, DEFAULT_LANG, valueLabel, type Lang } from '../common/i18n';
import { parseLimit } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { Db } from '../database/db.service';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { loadWorkbook } from '../exports/xlsx-layout';
import { columnLetters } from '../exports/xlsx-inspect';
import { libraryWorkbook, readLibrarySheet, type CellProblem } from './library-xlsx';
import { LEVEL2_OF, type Level1, type Level2 } from '../declarations/declaration-content';
import type { LibraryLinks, LinkedEntry } from '../declarations/library-links';
import type {
  CreateLibraryProposalDto,
  LibraryEntryFieldsDto,
  LibraryEntryQuery,
  LibraryProposalQuery,
} from './library.dto';
import { explainProposal, OPEN_PROPOSAL_STATES, proposalActions, proposalEffects } from './library.decisions';
import { LibraryEntry, LibraryProposal, type ProposalKind } from './library.entities';
import type { ProposalState } from './library.machine';
import { LIBRARY_FIELD_WORDS, LIBRARY_FIELDS, LibraryErrors, type LibraryField } from './library.messages';
import type { LibraryEventType } from './library.rules';
import type { LibraryDirection } from './library-seed';

/** The fields of an entry a proposal carries (what `fields` holds). */
export type EntryFields = {
  code: string;
  level1: Level1;
  level2: Level2;
  name: string;
  definition: string | null;
  formula: string | null;
  dataSource: string | null;
  scoringStandard: string | null;
  direction: LibraryDirection;
  unit: string | null;
  sector: string | null;
  validFrom: number;
  validTo: number | null;
};
const REQUIRED_FOR_ADD: LibraryField[] = ['code', 'level1', 'level2', 'name', 'direction', 'validFrom'];

/** What a proposal is made of, as the import and the route give it. */
export interface ProposalInput {
  operation: ProposalKind;
  entryId?: number;
  entry?: Partial<EntryFields>;
  reason?: string | null;
}

const CHAIN = { chain: 'library' as const };

/**
 * The indicator library (指标库, docs/spec/domain.md §9): its entries, read by everyone who
 * declares, reviews, audits or administers (reference data, not declaration content), and the
 * proposals that add (入库), change (修改) or retire (出库) an entry through the bureau's two
 * approvals (library.machine.ts). Every step is audited on the `library` chain in the
 * transaction that makes it; the second approval applies the proposal in the same transaction.
 */
@Injectable()
export class LibraryService implements LibraryLinks {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ------------------------------------------------------------------ xlsx

  /** Every entry (retired ones too, marked), by code. */
  exportXlsx(ctx: RequestContext): Promise<Buffer> {
    return this.db.read(async (em) => {
      const rows = await em.find(LibraryEntry, { order: { code: 'ASC' } });
      return libraryWorkbook(
        rows.map((e) => ({
          ...fieldsOf(e),
          statusLabel: valueLabel(e.status, ctx.lang, 'libraryEntryStatus'),
        })),
        ctx.lang,
      );
    });
  }

  /**
   * An uploaded library workbook as proposals (never applied directly): a row whose code is not
   * in the library proposes 入库, one whose code is proposes 修改 of the fields that differ (a row
   * equal to its entry is passed over). Every cell is checked first; any problem refuses the
   * whole file naming each row and column. All proposals or none; `dryRun` only says what it would do.
   */
  async importXlsx(ctx: RequestContext, buf: Buffer, dryRun: boolean) {
    const wb = await loadWorkbook(buf, this.config.uploads);
    const sheet = readLibrarySheet(wb);
    if (sheet.header)
      throw LibraryErrors.LIBRARY_IMPORT_HEADER(
        {
          column: sheet.header.column,
          expected: sheet.header.header,
          found: String(sheet.header.params.found),
        },
        { field: `row 1 ${sheet.header.column}` },
      );
    const problems = [...sheet.problems];
    if (!problems.length && !sheet.rows.length)
      throw LibraryErrors.LIBRARY_IMPORT_EMPTY({}, { field: 'file' });
    const plan = await this.db.read(async (em) => {
      const codes = sheet.rows.map((r) => r.fields.code).filter((c): c is string => !!c);
      const existing = codes.length ? await em.find(LibraryEntry, { where: { code: In(codes) } }) : [];
      return sheet.rows.map((r) => {
        const entry = existing.find((e) => e.code === r.fields.code) ?? null;
        if (!entry)
          return {
            row: r.row,
            operation: 'add' as const,
            entry: null,
            fields: r.fields,
            changed: [] as string[],
          };
        const changed = diffFields(fieldsOf(entry), { ...fieldsOf(entry), ...r.fields }, LIBRARY_FIELDS).map(
          (c) => c.field,
        );
        return {
          row: r.row,
          operation: changed.length ? ('change' as const) : null,
          entry,
          fields: r.fields,
          changed,
        };
      });
    });
    if (problems.length) throw importInvalid(problems);
    const run = async (tx: EntityManager) => {
      const made: number[] = [];
      for (const p of plan) {
        if (!p.operation) continue;
        const input: ProposalInput =
          p.operation === 'add'
            ? { operation: 'add', entry: p.fields, reason: '由 Excel 导入' }
            : {
                operation: 'change',
                entryId: p.entry!.id,
                entry: Object.fromEntries(
                  p.changed.map((f) => [f, (p.fields as Record<string, unknown>)[f]]),
                ),
                reason: '由 Excel 导入',
              };
        try {
          if (dryRun) await this.checkProposal(tx, input, '');
          else made.push((await this.insertProposal(tx, ctx, input, '')).id);
        } catch (e) {
          if (!(e instanceof AppError) || e.status >= 500) throw e;
          const field = (e.field ?? '').replace(/^entry\./, '') as LibraryField;
          const n = Math.max(0, LIBRARY_FIELDS.indexOf(field));
          throw importInvalid([
            {
              row: p.row,
              column: columnLetters(n + 1),
              header: LIBRARY_FIELD_WORDS[LIBRARY_FIELDS[n]].zh,
              code: 'LIBRARY_CELL_RULE',
              params: { text: renderProblem({ code: e.code, params: e.params, field: e.field }, 'zh') },
            },
          ]);
        }
      }
      return made;
    };
    const made = dryRun ? await this.db.read(run) : await this.db.write(run);
    return {
      dryRun,
      rows: plan.map((p) => ({
        row: p.row,
        code: p.fields.code ?? null,
        name: p.fields.name ?? p.entry?.name ?? null,
        operation: p.operation,
        operationLabel: p.operation ? valueLabel(p.operation, ctx.lang, 'libraryProposalKind') : null,
        changedFields: p.changed,
      })),
      proposalIds: made,
    };
  }

  // ------------------------------------------------------------------ entries

  listEntries(ctx: RequestContext, q: LibraryEntryQuery) {
    const limit = parseLimit(q.limit);
    const offset = q.offset ? Number(q.offset) : 0;
    return this.db.read(async (em) => {
      const qb = em.createQueryBuilder(LibraryEntry, 'e');
      if (q.year !== undefined) {
        const year = Number(q.year);
        qb.andWhere(
          "e.status = 'active' AND e.valid_from <= :year AND (e.valid_to IS NULL OR e.valid_to >= :year)",
          {
            year,
          },
        );
      } else if (q.retired !== 'true') qb.andWhere("e.status = 'active'");
      if (q.level1) qb.andWhere('e.level1 = :level1', { level1: q.level1 });
      if (q.level2) qb.andWhere('e.level2 = :level2', { level2: q.level2 });
      if (q.sector) qb.andWhere('e.sector = :sector', { sector: q.sector });
      const words = (q.search ?? '').split(/\s+/).filter(Boolean).slice(0, 10);
      words.forEach((w, n) => {
        const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        qb.andWhere(`(e.name LIKE :w${n} ESCAPE '\\' OR e.code LIKE :w${n} ESCAPE '\\')`, {
          [`w${n}`]: like,
        });
      });
      const matching = await qb.getCount();
      const rows = await qb.orderBy('e.code', 'ASC').skip(offset).take(limit).getMany();
      const pending = await this.openProposalsOf(
        em,
        rows.map((r) => r.id),
      );
      return {
        matching,
        items: rows.map((r) => entryView(r, ctx.lang, pending.get(r.id) ?? null)),
      };
    });
  }

  getEntry(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const e = await this.findEntry(em, id, 'id');
      const pending = await this.openProposalsOf(em, [id]);
      return entryView(e, ctx.lang, pending.get(id) ?? null);
    });
  }

  private async findEntry(em: EntityManager, id: number, field: string): Promise<LibraryEntry> {
    const e = await em.findOne(LibraryEntry, { where: { id } });
    if (!e) throw LibraryErrors.LIBRARY_ENTRY_NOT_FOUND({ id }, { field });
    return e;
  }

  private async openProposalsOf(em: EntityManager, ids: number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await em.find(LibraryProposal, {
      where: { entryId: In(ids), state: In([...OPEN_PROPOSAL_STATES]) },
      select: { id: true, entryId: true },
    });
    return new Map(rows.map((r) => [r.entryId!, r.id]));
  }

  // ------------------------------------------------------------------ links (LibraryLinks)

  async entryForLink(em: EntityManager, entryId: number, year: number, field: string): Promise<LinkedEntry> {
    const e = await this.findEntry(em, entryId, field);
    if (e.status === 'retired') throw LibraryErrors.LIBRARY_ENTRY_RETIRED({ code: e.code }, { field });
    if (e.validFrom > year || (e.validTo !== null && e.validTo < year))
      throw LibraryErrors.LIBRARY_ENTRY_NOT_VALID_FOR_YEAR(
        { code: e.code, year, validFrom: e.validFrom, validTo: e.validTo },
        { field },
      );
    return linked(e);
  }

  async entries(em: EntityManager, ids: number[]): Promise<LinkedEntry[]> {
    if (!ids.length) return [];
    return (await em.find(LibraryEntry, { where: { id: In([...new Set(ids)]) } })).map(linked);
  }

  // ------------------------------------------------------------------ proposals

  listProposals(ctx: RequestContext, q: LibraryProposalQuery) {
    return this.db.read(async (em) => {
      const qb = em.createQueryBuilder(LibraryProposal, 'p');
      if (q.stage === 'open') qb.andWhere('p.state IN (:...open)', { open: [...OPEN_PROPOSAL_STATES] });
      else if (q.stage) qb.andWhere('p.state = :stage', { stage: q.stage });
      if (q.entryId) qb.andWhere('p.entry_id = :entryId', { entryId: Number(q.entryId) });
      const rows = await qb.orderBy('p.id', 'DESC').take(500).getMany();
      return { items: await this.proposalViews(em, ctx, rows) };
    });
  }

  getProposal(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const p = await em.findOne(LibraryProposal, { where: { id } });
      if (!p) throw LibraryErrors.LIBRARY_PROPOSAL_NOT_FOUND({ id }, { field: 'id' });
      return (await this.proposalViews(em, ctx, [p]))[0];
    });
  }

  /** A proposal of the bureau: checked now against the library as it is, audited `library.proposed`. */
  propose(ctx: RequestContext, dto: CreateLibraryProposalDto) {
    const input: ProposalInput = {
      operation: dto.operation as ProposalKind,
      entryId: dto.entryId,
      entry: dto.entry as Partial<EntryFields> | undefined,
      reason: dto.reason ?? null,
    };
    return this.db.write(async (tx) => {
      const p = await this.insertProposal(tx, ctx, input, '');
      return (await this.proposalViews(tx, ctx, [p]))[0];
    });
  }

  /** Checks one proposal (`at`: the place of its fields, `entry.` for the route) and writes it with its audit event. */
  async insertProposal(
    tx: EntityManager,
    ctx: RequestContext,
    input: ProposalInput,
    at: string,
  ): Promise<LibraryProposal> {
    const fields = await this.checkProposal(tx, input, at);
    const now = nowIso();
    const p = await tx.save(
      LibraryProposal,
      tx.create(LibraryProposal, {
        kind: input.operation,
        entryId: input.operation === 'add' ? null : input.entryId!,
        fields: JSON.stringify(fields.proposed),
        reason: blankToNull(input.reason),
        state: 'proposed',
        proposedBy: ctx.user.id,
        proposedAt: now,
        firstApprovedBy: null,
        firstApprovedAt: null,
        decidedBy: null,
        decidedAt: null,
        returnComment: null,
        version: 1,
      }),
    );
    await this.audit.record(ctx, {
      ...CHAIN,
      action: 'library.proposed',
      entityType: 'library_proposal',
      entityId: p.id,
      state: 'proposed',
      comment: p.reason,
      changes: [
        { field: 'operation', before: null, after: p.kind },
        ...(p.entryId ? [{ field: 'entryId', before: null, after: p.entryId }] : []),
        ...fields.changes,
      ],
    });
    return p;
  }

  /**
   * What the proposal would do, checked: for 入库 every required field and a free code; for 修改
   * the changed fields against the entry (at least one); for 出库 nothing but the entry. One open
   * proposal per entry (and per new code) at a time.
   */
  private async checkProposal(
    em: EntityManager,
    input: ProposalInput,
    at: string,
  ): Promise<{ proposed: Partial<EntryFields>; changes: FieldChange[] }> {
    const kindZh = valueLabel(input.operation, 'zh', 'libraryProposalKind');
    const kindParams = { kind: input.operation, kindZh };
    const f = (name: string) => `${at}${at ? '.' : ''}${name}`;
    const entry = normalise(input.entry ?? {});
    if (input.operation === 'add') {
      if (input.entryId !== undefined)
        throw LibraryErrors.LIBRARY_FIELD_NOT_FOR_KIND(kindParams, { field: at ? f('entryId') : 'entryId' });
      for (const k of REQUIRED_FOR_ADD)
        if (entry[k] === undefined || entry[k] === null)
          throw LibraryErrors.LIBRARY_FIELD_REQUIRED_FOR_KIND(kindParams, { field: f(`entry.${k}`) });
      const full = { ...BLANK, ...entry } as EntryFields;
      checkShape(full, f);
      await this.checkCodeFree(em, full.code, null, f('entry.code'));
      return { proposed: full, changes: diffFields(null, full, LIBRARY_FIELDS) };
    }
    if (input.entryId === undefined)
      throw LibraryErrors.LIBRARY_FIELD_REQUIRED_FOR_KIND(kindParams, {
        field: at ? f('entryId') : 'entryId',
      });
    const current = await this.findEntry(em, input.entryId, at ? f('entryId') : 'entryId');
    if (current.status === 'retired')
      throw LibraryErrors.LIBRARY_ENTRY_RETIRED(
        { code: current.code },
        { field: at ? f('entryId') : 'entryId' },
      );
    const open = await this.openProposalsOf(em, [current.id]);
    if (open.has(current.id))
      throw LibraryErrors.LIBRARY_ENTRY_PENDING({ proposalId: open.get(current.id)! }, { field: 'entryId' });
    if (input.operation === 'retire') {
      if (input.entry && Object.keys(input.entry).length)
        throw LibraryErrors.LIBRARY_FIELD_NOT_FOR_KIND(kindParams, { field: f('entry') });
      return { proposed: {}, changes: [{ field: 'status', before: 'active', after: 'retired' }] };
    }
    const before = fieldsOf(current);
    const after = { ...before, ...entry };
    const changes = diffFields(before, after, LIBRARY_FIELDS);
    if (!changes.length) throw LibraryErrors.LIBRARY_CHANGE_EMPTY({}, { field: f('entry') });
    checkShape(after, f);
    if (after.code !== before.code) await this.checkCodeFree(em, after.code, current.id, f('entry.code'));
    return {
      proposed: Object.fromEntries(changes.map((c) => [c.field, c.after])) as Partial<EntryFields>,
      changes,
    };
  }

  private async checkCodeFree(
    em: EntityManager,
    code: string,
    self: number | null,
    field: string,
  ): Promise<void> {
    const taken = await em.findOne(LibraryEntry, { where: { code }, select: { id: true } });
    if (taken && taken.id !== self)
      throw LibraryErrors.LIBRARY_CODE_TAKEN({ code, entryId: taken.id }, { field });
    const open = await em.find(LibraryProposal, {
      where: { state: In([...OPEN_PROPOSAL_STATES]), kind: In(['add', 'change']) },
      select: { id: true, fields: true },
    });
    const pending = open.find((p) => (JSON.parse(p.fields) as Partial<EntryFields>).code === code);
    if (pending) throw LibraryErrors.LIBRARY_CODE_PENDING({ code, proposalId: pending.id }, { field });
  }

  /**
   * APPROVE (初审 in `proposed`, 复审 in `firstApproved`) or RETURN, as the machine allows: the
   * proposal locked, its version checked; the second approval applies it to the library. The
   * decision and, when applied, the entry's change are audited in the same transaction.
   */
  transition(ctx: RequestContext, id: number, dto: { event: string; version: number; comment?: string }) {
    const event = dto.event as LibraryEventType;
    return this.db.write(async (tx) => {
      const p = await this.db
        .forUpdate(tx.createQueryBuilder(LibraryProposal, 'p').where('p.id = :id', { id }))
        .getOne();
      if (!p) throw LibraryErrors.LIBRARY_PROPOSAL_NOT_FOUND({ id }, { field: 'id' });
      if (p.version !== dto.version)
        throw LibraryErrors.LIBRARY_PROPOSAL_STALE(
          { currentVersion: p.version },
          { field: 'version', currentVersion: p.version },
        );
      const answer = explainProposal(p.state, {
        type: event,
        actor: { id: ctx.user.id, roles: ctx.user.roles },
        proposedBy: p.proposedBy,
        firstApprovedBy: p.firstApprovedBy,
        comment: dto.comment,
      });
      if (!answer.ok) throw refusal(answer.cause, p.state, event);
      const from = p.state;
      const effects = proposalEffects(from, answer.next);
      const now = nowIso();
      p.state = answer.next;
      p.version += 1;
      if (effects.recordsFirstApproval) {
        p.firstApprovedBy = ctx.user.id;
        p.firstApprovedAt = now;
      } else {
        p.decidedBy = ctx.user.id;
        p.decidedAt = now;
      }
      if (effects.keepsReturnComment) p.returnComment = (dto.comment ?? '').trim();
      const records: AuditRecord[] = [
        {
          ...CHAIN,
          action: event === 'RETURN' ? 'library.returned' : 'library.approved',
          entityType: 'library_proposal',
          entityId: p.id,
          state: p.state,
          comment: blankToNull(dto.comment),
          changes: [{ field: 'state', before: from, after: p.state }],
        },
      ];
      if (effects.applies) records.push(await this.apply(tx, p, now));
      await tx.save(LibraryProposal, p);
      await this.audit.recordMany(ctx, records);
      return (await this.proposalViews(tx, ctx, [p]))[0];
    });
  }

  /** Carries out an approved proposal on the library; the entry's audit record. */
  private async apply(tx: EntityManager, p: LibraryProposal, now: string): Promise<AuditRecord> {
    const proposed = JSON.parse(p.fields) as Partial<EntryFields>;
    const comment = render('LIBRARY_APPLIED_COMMENT', { proposalId: p.id }, DEFAULT_LANG);
    if (p.kind === 'add') {
      const full = { ...BLANK, ...proposed } as EntryFields;
      await this.checkCodeFree(tx, full.code, null, 'entry.code').catch((e: unknown) => {
        // Its own pending code is not a conflict.
        if (e instanceof AppError && e.code === 'LIBRARY_CODE_PENDING') return;
        throw e;
      });
      const saved = await tx.save(
        LibraryEntry,
        tx.create(LibraryEntry, {
          ...full,
          status: 'active',
          version: 1,
          createdAt: now,
          updatedAt: now,
          retiredAt: null,
        }),
      );
      p.entryId = saved.id;
      return {
        ...CHAIN,
        action: 'library.entry_added',
        entityType: 'library_entry',
        entityId: saved.id,
        state: 'active',
        comment,
        changes: diffFields(null, fieldsOf(saved), LIBRARY_FIELDS),
      };
    }
    const e = await this.findEntry(tx, p.entryId!, 'entryId');
    if (e.status === 'retired')
      throw LibraryErrors.LIBRARY_ENTRY_RETIRED({ code: e.code }, { field: 'entryId' });
    if (p.kind === 'retire') {
      await tx.update(
        LibraryEntry,
        { id: e.id },
        { status: 'retired', retiredAt: now, updatedAt: now, version: e.version + 1 },
      );
      return {
        ...CHAIN,
        action: 'library.entry_retired',
        entityType: 'library_entry',
        entityId: e.id,
        state: 'retired',
        comment,
        changes: [{ field: 'status', before: 'active', after: 'retired' }],
      };
    }
    const before = fieldsOf(e);
    if (proposed.code !== undefined && proposed.code !== e.code) {
      const taken = await tx.findOne(LibraryEntry, { where: { code: proposed.code }, select: { id: true } });
      if (taken)
        throw LibraryErrors.LIBRARY_CODE_TAKEN(
          { code: proposed.code, entryId: taken.id },
          { field: 'entry.code' },
        );
    }
    Object.assign(e, proposed, { updatedAt: now, version: e.version + 1 });
    await tx.save(LibraryEntry, e);
    return {
      ...CHAIN,
      action: 'library.entry_changed',
      entityType: 'library_entry',
      entityId: e.id,
      state: 'active',
      comment,
      changes: diffFields(before, fieldsOf(e), LIBRARY_FIELDS),
    };
  }

  private async proposalViews(em: EntityManager, ctx: RequestContext, rows: LibraryProposal[]) {
    const userIds = [
      ...new Set(
        rows.flatMap((r) => [r.proposedBy, r.firstApprovedBy, r.decidedBy]).filter((x): x is number => !!x),
      ),
    ];
    const users = userIds.length
      ? await em.find(User, { where: { id: In(userIds) }, select: { id: true, displayName: true } })
      : [];
    const name = (id: number | null) => (id ? (users.find((u) => u.id === id)?.displayName ?? null) : null);
    const entryIds = rows.map((r) => r.entryId).filter((x): x is number => !!x);
    const entries = entryIds.length ? await em.find(LibraryEntry, { where: { id: In(entryIds) } }) : [];
    return rows.map((r) => {
      const entry = entries.find((e) => e.id === r.entryId) ?? null;
      const proposed = JSON.parse(r.fields) as Partial<EntryFields>;
      const before = entry && r.kind === 'change' && r.state !== 'applied' ? fieldsOf(entry) : null;
      const actions = (
        OPEN_PROPOSAL_STATES.includes(r.state)
          ? proposalActions(r.state, {
              actor: { id: ctx.user.id, roles: ctx.user.roles },
              proposedBy: r.proposedBy,
              firstApprovedBy: r.firstApprovedBy,
            })
          : []
      ).map((a) => ({
        event: a.event,
        label: valueLabel(a.event, ctx.lang, 'libraryEvent'),
        allowed: a.allowed,
        reason: a.refusal ? inWords(refusal(a.refusal.cause, r.state, a.event), ctx.lang) : null,
        needsComment: a.needs.comment === true,
      }));
      return {
        id: r.id,
        operation: r.kind,
        operationLabel: valueLabel(r.kind, ctx.lang, 'libraryProposalKind'),
        entryId: r.entryId,
        entryCode: entry?.code ?? proposed.code ?? null,
        entryName: entry?.name ?? proposed.name ?? null,
        fields: proposed,
        // In the entry's field order; for 入库 only what was filled in; values in words.
        changes: LIBRARY_FIELDS.filter(
          (f) => f in proposed && (r.kind !== 'add' || (proposed as Record<string, unknown>)[f] !== null),
        ).map((field) => {
          const b = before ? ((before as Record<string, unknown>)[field] ?? null) : null;
          const a = (proposed as Record<string, unknown>)[field] ?? null;
          return {
            field,
            label: LIBRARY_FIELD_WORDS[field][ctx.lang],
            before: b,
            after: a,
            beforeText: fieldText(field, b, ctx.lang),
            afterText: fieldText(field, a, ctx.lang),
          };
        }),
        reason: r.reason,
        stage: r.state,
        stageLabel: valueLabel(r.state, ctx.lang, 'libraryProposalState'),
        proposedBy: r.proposedBy,
        proposedByName: name(r.proposedBy),
        proposedAt: r.proposedAt,
        firstApprovedBy: r.firstApprovedBy,
        firstApprovedByName: name(r.firstApprovedBy),
        firstApprovedAt: r.firstApprovedAt,
        decidedBy: r.decidedBy,
        decidedByName: name(r.decidedBy),
        decidedAt: r.decidedAt,
        returnComment: r.returnComment,
        version: r.version,
        actions,
      };
    });
  }
}

const BLANK: Omit<EntryFields, 'code' | 'level1' | 'level2' | 'name' | 'direction' | 'validFrom'> = {
  definition: null,
  formula: null,
  dataSource: null,
  scoringStandard: null,
  unit: null,
  sector: null,
  validTo: null,
};

function blankToNull(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t ? t : null;
}

/** Texts trimmed, blanks null; only the fields given. */
function normalise(entry: Partial<LibraryEntryFieldsDto> | Partial<EntryFields>): Partial<EntryFields> {
  const out: Record<string, unknown> = {};
  for (const k of LIBRARY_FIELDS) {
    const v = (entry as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out[k] = typeof v === 'string' ? blankToNull(v) : v;
  }
  return out as Partial<EntryFields>;
}

/** The rules across fields: 二级 under its 一级, a unit exactly for quantitative entries, the years in order. */
export function checkShape(e: EntryFields, f: (name: string) => string): void {
  if (!LEVEL2_OF[e.level1]?.includes(e.level2))
    throw LibraryErrors.LIBRARY_LEVELS_MISMATCH(
      {
        level1: e.level1,
        level2: e.level2,
        level1Zh: valueLabel(e.level1, 'zh', 'level1'),
        level2Zh: valueLabel(e.level2, 'zh', 'level2'),
      },
      { field: f('entry.level2') },
    );
  if (e.direction === 'qualitative' && e.unit)
    throw LibraryErrors.LIBRARY_UNIT_FOR_QUALITATIVE({}, { field: f('entry.unit') });
  if (e.direction !== 'qualitative' && !e.unit)
    throw LibraryErrors.LIBRARY_UNIT_REQUIRED({}, { field: f('entry.unit') });
  if (e.validTo !== null && e.validTo < e.validFrom)
    throw LibraryErrors.LIBRARY_YEARS_ORDER(
      { validFrom: e.validFrom, validTo: e.validTo },
      { field: f('entry.validTo') },
    );
}

export function fieldsOf(e: LibraryEntry): EntryFields {
  return Object.fromEntries(LIBRARY_FIELDS.map((k) => [k, e[k]])) as EntryFields;
}

function linked(e: LibraryEntry): LinkedEntry {
  return {
    id: e.id,
    code: e.code,
    level1: e.level1,
    level2: e.level2,
    name: e.name,
    unit: e.unit,
    direction: e.direction,
  };
}

export function entryView(e: LibraryEntry, lang: Lang, pendingProposalId: number | null) {
  return {
    ...fieldsOf(e),
    id: e.id,
    level1Label: valueLabel(e.level1, lang, 'level1'),
    level2Label: valueLabel(e.level2, lang, 'level2'),
    directionLabel: valueLabel(e.direction, lang, 'libraryDirection'),
    status: e.status,
    statusLabel: valueLabel(e.status, lang, 'libraryEntryStatus'),
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    retiredAt: e.retiredAt,
    pendingProposalId,
  };
}

/** The refusal of an event, in the catalogue's words (the cause from the rules). */
function refusal(cause: string, state: ProposalState, event: LibraryEventType): AppError {
  switch (cause) {
    case 'role':
      return LibraryErrors.LIBRARY_ROLE_NOT_ALLOWED({}, { field: 'event' });
    case 'proposer':
      return LibraryErrors.LIBRARY_OWN_PROPOSAL({}, { field: 'event' });
    case 'firstApprover':
      return LibraryErrors.LIBRARY_SECOND_APPROVER_SAME({}, { field: 'event' });
    case 'comment':
      return LibraryErrors.LIBRARY_RETURN_REASON_REQUIRED({}, { field: 'comment' });
    default:
      return LibraryErrors.LIBRARY_EVENT_NOT_ALLOWED_IN_STATE(
        {
          event,
          state,
          eventZh: valueLabel(event, 'zh', 'libraryEvent'),
          stateZh: valueLabel(state, 'zh', 'libraryProposalState'),
        },
        { field: 'event', state },
      );
  }
}

function inWords(e: AppError, lang: Lang): string {
  return renderProblem({ code: e.code, params: e.params, field: e.field }, lang);
}

/** The import's refusal: every cell problem as a detail naming its row and column. */
function importInvalid(problems: CellProblem[]): AppError {
  return LibraryErrors.LIBRARY_IMPORT_INVALID(
    { count: problems.length },
    {
      details: problems.map((p) => ({
        code: 'LIBRARY_IMPORT_CELL',
        field: `row ${p.row} ${p.column}`,
        params: {
          row: p.row,
          column: p.column,
          header: p.header,
          problem: render(p.code, p.params, 'zh'),
          problemEn: render(p.code, p.params, 'en'),
        },
      })),
    },
  );
}

const ENUM_FIELDS: Partial<Record<LibraryField, string>> = {
  level1: 'level1',
  level2: 'level2',
  direction: 'libraryDirection',
};

/** A field's value as a person reads it: the word of a code, the number or text itself, null for none. */
function fieldText(field: LibraryField, value: unknown, lang: Lang): string | null {
  if (value === null || value === undefined || value === '') return null;
  const name = ENUM_FIELDS[field];
  return name ? valueLabel(value, lang, name) : String(value);
}
