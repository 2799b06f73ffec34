import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { AuditService } from '../audit/audit.service';
import { AuditVerifier } from '../audit-log/audit-verify.service';
import { render, valueLabel, type Lang } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { contentSha256, publishedContent, type PublishedContent } from '../declarations/approved-content';
import { DeclarationAccess } from '../declarations/declaration-access';
import type { StoredContent } from '../declarations/declaration-mapper';
import { DeclarationVersion } from '../declarations/declaration-version.entity';
import { FUND_FIELDS } from '../declarations/declaration-mapper';
import type { PublicationDecisionDto, PublicVerifyRowDto } from './publication.dto';
import { Publication } from './publication.entity';
import { PublicationErrors } from './publication.messages';
import {
  approvedOfYear,
  eventAt,
  publishedDeclaration,
  publishedOfYear,
  transitionEventsAt,
} from './publication.queries';
import type {
  PublicationItemView,
  PublicationListView,
  PublicVerifyProblem,
  PublicVerifyRow,
  PublicVerifyView,
} from './publication.responses';
import {
  DECLARATION_COLUMNS,
  headerOf,
  INDICATOR_COLUMNS,
  publicHtml,
  publicWorkbook,
  readPublicHtml,
  readPublicWorkbook,
  type PublicTableRow,
  type ReadRow,
} from './public-table';

const DECISION_WORDS = {
  published: { zh: '公开', en: 'published' },
  not_published: { zh: '不公开', en: 'not published' },
  undecided: { zh: '未决定', en: 'undecided' },
} as const;

/** The approval event of a version: the transition event written with it, at its instant. */
interface ApprovalEvent {
  id: number;
  seq: number;
  hash: string;
  /** The content hash the event recorded (approvals since the publication release); null before. */
  recordedSha256: string | null;
}

/** A row to check: the proof it claims, and the content its cells give when read from a file. */
type CheckRow = Pick<ReadRow, 'item' | 'place' | 'contentSha256' | 'chain' | 'seq' | 'eventHash'> & {
  declarationId: number | null;
  versionNo: number | null;
  content: PublishedContent | null;
};

/**
 * 绩效目标公开 (docs/spec/domain.md §10, docs/publication.md): the bureau decides per approved
 * declaration whether its targets are published (or why not), audited on the declaration's chain
 * in the same transaction; the public table of a year lists the published ones as approved, each
 * with the SHA-256 of its approved version's canonical content and the approval's audit event;
 * the verification says per row whether a table is exactly what was approved.
 *
 * Rule: a decision may be changed at any time (each change is an audit event); the public table
 * is always the current decisions and the latest approved versions. A table printed earlier
 * still verifies row by row while its declarations stay published (an older version is named).
 */
@Injectable()
export class PublicationService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditVerifier) private readonly verifier: AuditVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The year's approved declarations in the caller's scope, with the decision on each. */
  async list(ctx: RequestContext, year: number): Promise<PublicationListView> {
    const rows = await this.db.read(async (em) => {
      const p = this.db.parameters();
      return (await em.query(approvedOfYear(p, ctx.user, year), p.values)) as Array<Record<string, unknown>>;
    });
    const items = rows.map((r): PublicationItemView => {
      const id = Number(r.id);
      const versionNo = Number(r.approvedVersion);
      const approvedAt = String(r.approvedAt);
      const decision =
        r.published === null || r.published === undefined
          ? 'undecided'
          : truthy(r.published)
            ? 'published'
            : 'not_published';
      return {
        declarationId: id,
        projectName: (r.projectName as string | null) ?? null,
        departmentId: Number(r.departmentId),
        departmentName: String(r.departmentName),
        state: String(r.state),
        stateLabel: valueLabel(r.state, ctx.lang, 'declarationState'),
        approvedVersion: versionNo,
        approvedAt,
        contentSha256: contentSha256(
          publishedContent(id, versionNo, approvedAt, JSON.parse(String(r.content)) as StoredContent),
        ),
        decision,
        decisionLabel: DECISION_WORDS[decision][ctx.lang],
        notPublishedReason: (r.notPublishedReason as string | null) ?? null,
        decidedAt: (r.decidedAt as string | null) ?? null,
        decidedBy: (r.decidedBy as string | null) ?? null,
      };
    });
    return {
      year,
      items,
      published: items.filter((i) => i.decision === 'published').length,
      publicHtml: `/api/public/targets/table.html?year=${year}`,
      publicXlsx: `/api/public/targets/table.xlsx?year=${year}`,
    };
  }

  /** Publish, or not with the reason; the decision and its audit event in one transaction. */
  async decide(ctx: RequestContext, id: number, dto: PublicationDecisionDto): Promise<PublicationItemView> {
    const reason = dto.notPublishedReason?.trim() ? dto.notPublishedReason.trim() : null;
    if (dto.published && dto.notPublishedReason !== undefined && dto.notPublishedReason !== null)
      throw PublicationErrors.PUBLICATION_REASON_NOT_ALLOWED({}, { field: 'notPublishedReason' });
    if (!dto.published && reason === null)
      throw PublicationErrors.PUBLICATION_REASON_REQUIRED({}, { field: 'notPublishedReason' });
    const year = await this.db.write(async (tx) => {
      const d = await this.access.load(tx, ctx, id, { lock: true });
      if (!d.approvedVersion) throw PublicationErrors.PUBLICATION_NOT_APPROVED({ id }, { field: 'id' });
      const version = await tx.findOneOrFail(DeclarationVersion, {
        where: { declarationId: id, versionNo: d.approvedVersion },
      });
      const sha = contentSha256(
        publishedContent(
          id,
          version.versionNo,
          version.approvedAt,
          JSON.parse(version.content) as StoredContent,
        ),
      );
      const before = await tx.findOne(Publication, { where: { declarationId: id } });
      const now = nowIso();
      await tx.save(
        tx.create(Publication, {
          declarationId: id,
          year: d.year,
          published: dto.published,
          notPublishedReason: dto.published ? null : reason,
          decidedBy: ctx.user.id,
          decidedAt: now,
        }),
      );
      await this.audit.record(ctx, {
        action: 'publication.decided',
        entityType: 'declaration',
        entityId: id,
        declarationId: id,
        state: d.state,
        comment: dto.published ? null : reason,
        changes: [
          { field: 'published', before: before ? truthy(before.published) : null, after: dto.published },
          ...((before?.notPublishedReason ?? null) !== (dto.published ? null : reason)
            ? [
                {
                  field: 'notPublishedReason',
                  before: before?.notPublishedReason ?? null,
                  after: dto.published ? null : reason,
                },
              ]
            : []),
          // What the decision was about: the version the table shows now, and its content hash.
          { field: 'approvedVersion', before: null, after: version.versionNo },
          { field: 'contentSha256', before: null, after: sha },
        ],
      });
      return d.year;
    });
    const list = await this.list(ctx, year);
    return list.items.find((i) => i.declarationId === id)!;
  }

  // -------------------------------------------------------------------------------------------
  // The public table (no login).

  /** The published declarations of a year, as the table lays them out, with their proofs. */
  async publicRows(year: number): Promise<PublicTableRow[]> {
    return this.db.read(async (em) => {
      const p = this.db.parameters();
      const rows = (await em.query(publishedOfYear(p, year), p.values)) as Array<Record<string, unknown>>;
      const out: PublicTableRow[] = [];
      for (const r of rows) {
        const id = Number(r.id);
        const content = publishedContent(
          id,
          Number(r.versionNo),
          String(r.approvedAt),
          JSON.parse(String(r.content)) as StoredContent,
        );
        const event = await this.approvalEvent(em, id, content.versionNo, content.approvedAt);
        out.push({
          item: out.length + 1,
          content,
          contentSha256: contentSha256(content),
          chain: event ? `d:${id}` : null,
          seq: event?.seq ?? null,
          eventHash: event?.hash ?? null,
        });
      }
      return out;
    });
  }

  async publicXlsx(year: number): Promise<Buffer> {
    return publicWorkbook(year, await this.publicRows(year), nowIso());
  }

  async publicHtml(year: number): Promise<string> {
    return publicHtml(year, await this.publicRows(year), nowIso());
  }

  /** The transition event that approved a version (same chain, same instant, naming the version when it can). */
  private async approvalEvent(
    em: { query: (sql: string, values: unknown[]) => Promise<unknown> },
    id: number,
    versionNo: number,
    approvedAt: string,
  ): Promise<ApprovalEvent | null> {
    const p = this.db.parameters();
    const rows = (await em.query(transitionEventsAt(p, `d:${id}`, approvedAt), p.values)) as Array<
      Record<string, unknown>
    >;
    const events = rows.map((r) => {
      let changes: Array<{ field: string; after: unknown }> = [];
      try {
        changes = JSON.parse(String(r.changes)) as typeof changes;
      } catch {
        // an unreadable record is no approval
      }
      const get = (f: string) =>
        Array.isArray(changes) ? changes.find((c) => c?.field === f)?.after : undefined;
      return {
        id: Number(r.id),
        seq: Number(r.seq),
        hash: String(r.hash),
        event: get('event'),
        version: get('approvedVersion'),
        recordedSha256: typeof get('contentSha256') === 'string' ? (get('contentSha256') as string) : null,
      };
    });
    const found =
      events.find((e) => e.version === versionNo) ??
      events.find((e) => e.event === 'APPROVE' && e.version === undefined);
    return found
      ? { id: found.id, seq: found.seq, hash: found.hash, recordedSha256: found.recordedSha256 }
      : null;
  }

  // -------------------------------------------------------------------------------------------
  // Verification (no login).

  /** A table uploaded: .xlsx or the .html page. */
  async verifyFile(data: Buffer, filename: string | undefined, lang: Lang): Promise<PublicVerifyView> {
    const isZip = data.length > 3 && data[0] === 0x50 && data[1] === 0x4b;
    let rows: ReadRow[];
    // The public table is 29 columns wide (A–AC); every other limit of an upload stays.
    if (isZip)
      rows = await readPublicWorkbook(data, {
        ...this.config.uploads,
        maxColumns: Math.max(this.config.uploads.maxColumns, 32),
      });
    else {
      const text = data.toString('utf8');
      if (!/<section class="project"/.test(text) && !/<html/i.test(text))
        throw PublicationErrors.PUBLIC_TABLE_UNREADABLE(
          { why: `“${(filename ?? '').slice(0, 80)}”既不是 .xlsx 工作簿，也不是本系统导出的网页版公开表` },
          { field: 'file' },
        );
      rows = readPublicHtml(text);
    }
    if (!rows.length) throw PublicationErrors.PUBLIC_TABLE_EMPTY({}, { field: 'file' });
    return this.check(
      rows.map((r) => ({
        ...r,
        declarationId: r.content.declarationId,
        versionNo: r.content.versionNo,
      })),
      lang,
    );
  }

  /** The rows' hashes posted without the table. */
  verifyHashes(rows: PublicVerifyRowDto[], lang: Lang): Promise<PublicVerifyView> {
    return this.check(
      rows.map((r, i) => ({
        item: i + 1,
        place: lang === 'zh' ? `第 ${i + 1} 条` : `row ${i + 1}`,
        declarationId: r.declarationId,
        versionNo: r.versionNo,
        content: null,
        contentSha256: r.contentSha256,
        chain: r.seq !== undefined || r.eventHash !== undefined ? `d:${r.declarationId}` : null,
        seq: r.seq ?? null,
        eventHash: r.eventHash ?? null,
      })),
      lang,
    );
  }

  private async check(rows: CheckRow[], lang: Lang): Promise<PublicVerifyView> {
    const chains = new Map<number, Promise<{ ok: boolean; reason?: string }>>();
    const out: PublicVerifyRow[] = [];
    for (const row of rows) out.push(await this.checkRow(row, lang, chains));
    const failed = out.filter((r) => !r.ok).length;
    const summary =
      lang === 'zh'
        ? failed
          ? `共核验 ${out.length} 个项目，${failed} 个与批准版本不一致或无法证明：${out
              .filter((r) => !r.ok)
              .map((r) => `第 ${r.item} 项`)
              .join('、')}`
          : `共核验 ${out.length} 个项目，全部与批准版本完全一致，审计链校验通过`
        : failed
          ? `${failed} of ${out.length} rows do not verify`
          : `all ${out.length} rows are exactly what was approved`;
    return { ok: failed === 0, checked: out.length, failed, summary, rows: out };
  }

  private async checkRow(
    row: CheckRow,
    lang: Lang,
    chains: Map<number, Promise<{ ok: boolean; reason?: string }>>,
  ): Promise<PublicVerifyRow> {
    const problems: PublicVerifyProblem[] = [];
    const notes: PublicVerifyProblem[] = [];
    const say = (list: PublicVerifyProblem[], code: string, params: object = {}) =>
      list.push({ code, message: render(code, params, lang) });
    const answer = (): PublicVerifyRow => ({
      item: row.item,
      place: row.place,
      declarationId: Number.isSafeInteger(row.declarationId) ? row.declarationId : null,
      versionNo: Number.isSafeInteger(row.versionNo) ? row.versionNo : null,
      projectName: row.content?.projectName ?? null,
      ok: problems.length === 0,
      problems,
      notes,
    });
    const id = row.declarationId;
    if (id === null || !Number.isSafeInteger(id) || id < 1) {
      say(problems, 'PUBLIC_ROW_NOT_PUBLISHED', { id: String(id ?? '（空）') });
      return answer();
    }
    const found = await this.db.read(async (em) => {
      const p = this.db.parameters();
      const [pub] = (await em.query(publishedDeclaration(p, id), p.values)) as Array<Record<string, unknown>>;
      if (!pub) return null;
      const versionNo = row.versionNo ?? -1;
      const version = Number.isSafeInteger(versionNo)
        ? await em.findOne(DeclarationVersion, { where: { declarationId: id, versionNo } })
        : null;
      const event = version ? await this.approvalEvent(em, id, version.versionNo, version.approvedAt) : null;
      const claimed =
        row.chain !== null && row.seq !== null && Number.isSafeInteger(row.seq)
          ? await (async () => {
              const q = this.db.parameters();
              const [e] = (await em.query(eventAt(q, row.chain!, row.seq!), q.values)) as Array<
                Record<string, unknown>
              >;
              return e ? { id: Number(e.id), hash: String(e.hash) } : null;
            })()
          : undefined;
      return { latest: Number(pub.approvedVersion), version, event, claimed };
    });
    if (!found) {
      say(problems, 'PUBLIC_ROW_NOT_PUBLISHED', { id });
      return answer();
    }
    const { version, event, claimed } = found;
    if (!version) {
      say(problems, 'PUBLIC_ROW_VERSION_UNKNOWN', { id, versionNo: row.versionNo ?? '' });
      return answer();
    }
    const approved = publishedContent(
      id,
      version.versionNo,
      version.approvedAt,
      JSON.parse(version.content) as StoredContent,
    );
    const approvedSha = contentSha256(approved);
    if (row.content) {
      for (const d of cellDifferences(row.content, approved, lang))
        say(problems, 'PUBLIC_ROW_CELL_CHANGED', d);
      if (row.contentSha256 !== null && contentSha256(row.content) !== row.contentSha256)
        say(problems, 'PUBLIC_ROW_CONTENT_NOT_HASH');
    }
    if (row.contentSha256 !== approvedSha) say(problems, 'PUBLIC_ROW_HASH_MISMATCH');
    if (event?.recordedSha256 && event.recordedSha256 !== approvedSha)
      say(problems, 'PUBLIC_ROW_VERSION_ALTERED');
    // The approval's place on the chain, as the table gives it.
    if (row.chain !== null || row.seq !== null || row.eventHash !== null) {
      const chain = row.chain ?? '';
      const seq = row.seq ?? 0;
      if (claimed === null || claimed === undefined)
        say(problems, 'PUBLIC_ROW_EVENT_MISSING', { chain, seq });
      else if (claimed.hash !== row.eventHash)
        say(problems, 'PUBLIC_ROW_EVENT_HASH_MISMATCH', { chain, seq });
      else if (chain !== `d:${id}` || !event || event.id !== claimed.id)
        say(problems, 'PUBLIC_ROW_EVENT_NOT_APPROVAL', { chain, seq, versionNo: version.versionNo });
    } else if (!event) say(problems, 'PUBLIC_ROW_EVENT_MISSING', { chain: `d:${id}`, seq: '?' });
    // The chain itself, from its first event (which covers the approval and everything before).
    if (!chains.has(id))
      chains.set(
        id,
        this.verifier
          .verifyDeclarationChain(id, lang)
          .then((r) => (r.ok ? { ok: true } : { ok: false, reason: r.brokenAt.reason })),
      );
    const chainResult = await chains.get(id)!;
    if (!chainResult.ok) say(problems, 'PUBLIC_ROW_CHAIN_BROKEN', { reason: chainResult.reason });
    if (found.latest > version.versionNo) say(notes, 'PUBLIC_ROW_NEWER_VERSION', { versionNo: found.latest });
    if (!problems.length)
      say(notes, 'PUBLIC_ROW_OK', { versionNo: version.versionNo, at: version.approvedAt });
    return answer();
  }
}

/** PostgreSQL answers booleans, SQLite 0/1. */
function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
}

const MAX_DIFFERENCES = 10;

/** The cells of a table row that differ from the approved version, named as the table names them. */
function cellDifferences(
  shown: PublishedContent,
  approved: PublishedContent,
  lang: Lang,
): Array<{ what: string; shown: string; approved: string }> {
  const out: Array<{ what: string; shown: string; approved: string }> = [];
  const text = (v: unknown) =>
    v === null || v === undefined ? (lang === 'zh' ? '（空）' : '(empty)') : String(v);
  const compare = (what: string, a: unknown, b: unknown) => {
    if ((a ?? null) !== (b ?? null) && out.length < MAX_DIFFERENCES)
      out.push({ what, shown: text(a), approved: text(b) });
  };
  for (const d of DECLARATION_COLUMNS) {
    if (d.key.startsWith('funds.')) {
      const f = d.key.slice(6) as (typeof FUND_FIELDS)[number];
      compare(d.header, shown.funds?.[f], approved.funds[f]);
    } else {
      const k = d.key as keyof PublishedContent;
      compare(d.header, shown[k], approved[k]);
    }
  }
  const a = shown.indicators ?? [];
  const b = approved.indicators;
  if (a.length !== b.length)
    compare(lang === 'zh' ? '三级指标条数' : 'number of indicators', a.length, b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    for (const c of INDICATOR_COLUMNS)
      compare(
        lang === 'zh'
          ? `第 ${i + 1} 条三级指标（${b[i].name}）的${c.header}`
          : `indicator ${i + 1}, ${headerOf(c.key)}`,
        a[i][c.key],
        b[i][c.key],
      );
  return out;
}
