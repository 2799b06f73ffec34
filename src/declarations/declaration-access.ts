import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { departmentRelation } from '../auth/scope';
import type { RequestContext } from '../common/request-context';
import { Db, type Tx } from '../database/db.service';
import { mayWriteContent } from '../lifecycle/declaration.decisions';
import { stateLabel } from '../lifecycle/declaration.machine';
import { Declaration } from './declaration.entity';
import { DeclarationErrors } from './declarations.messages';
import { declarationInScope, indicatorsOf } from './declarations.queries';
import { Indicator } from './indicator.entity';

/**
 * Loading a declaration for a caller: scope in the query (out of scope is "not found"),
 * the row lock and version check of every write, and the owner check of content edits.
 */
@Injectable()
export class DeclarationAccess {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async load(
    em: EntityManager,
    ctx: RequestContext,
    id: number,
    opts: { lock?: boolean } = {},
  ): Promise<Declaration> {
    const row = await this.select(em, ctx, id, { lock: opts.lock ?? false, chainHead: false });
    if (!row) throw DeclarationErrors.DECLARATION_NOT_FOUND({ id }, { field: 'id' });
    return this.db.hydrate(Declaration, row);
  }

  /**
   * Locked together with the head of its audit chain, in one statement: a transition needs
   * both, and a round trip saved is most of what a transition costs on PostgreSQL. The head is
   * handed to the audit for this transaction (`AuditService.holdHead`); without a chain yet (no
   * event recorded for it), it is left for `AuditService.record` to start.
   */
  async loadWithChainHead(tx: Tx, ctx: RequestContext, id: number): Promise<Declaration> {
    const row = await this.select(tx, ctx, id, { lock: true, chainHead: true });
    if (!row) return this.load(tx, ctx, id, { lock: true });
    this.audit.holdHead(tx, id, { headSeq: Number(row.c_head_seq), headHash: String(row.c_head_hash) });
    return this.db.hydrate(Declaration, row);
  }

  /**
   * The row within the caller's scope. Hand-written: on the hot paths TypeORM's builder spent
   * more time writing this query than the database spent running it.
   */
  private async select(
    em: EntityManager,
    ctx: RequestContext,
    id: number,
    opts: { lock: boolean; chainHead: boolean },
  ): Promise<Record<string, unknown> | undefined> {
    const p = this.db.parameters();
    const sql = declarationInScope(p, ctx.user, id, {
      chainHead: opts.chainHead,
      lockClause: opts.lock ? this.db.forUpdateSql : '',
    });
    const [row] = (await em.query(sql, p.values)) as Array<Record<string, unknown>>;
    return row;
  }

  /**
   * For a content write: locked, written by whoever may submit it (the workflow's rules: a
   * submitter of the owning department), at the version the caller read.
   */
  async loadForWrite(
    em: EntityManager,
    ctx: RequestContext,
    id: number,
    version: number,
  ): Promise<Declaration> {
    const d = await this.load(em, ctx, id, { lock: true });
    if (!mayWriteContent(ctx.user.roles, departmentRelation(ctx.user, d.departmentPath)))
      throw DeclarationErrors.DECLARATION_NOT_OWNER();
    if (d.version !== version) throw declarationVersionStale(version, d.version);
    return d;
  }

  /** In the form's order. Hand-written like `select`: every view, SUBMIT and RETURN reads them. */
  async indicators(em: EntityManager, declarationId: number): Promise<Indicator[]> {
    const p = this.db.parameters();
    const rows = (await em.query(indicatorsOf(p, declarationId), p.values)) as Array<Record<string, unknown>>;
    return rows.map((r) => this.db.hydrate(Indicator, r));
  }
}

/**
 * 409 DECLARATION_VERSION_STALE: the version the caller read is not the current one. The body
 * carries `currentVersion`, so a client can reload and retry.
 */
export function declarationVersionStale(given: number, current: number) {
  return DeclarationErrors.DECLARATION_VERSION_STALE(
    { given, current },
    { field: 'version', currentVersion: current },
  );
}

/** A state as the refusals name it: the code, and its words (单位内部审核, not internalReview). */
export function stateParams(state: string): { state: string; stateZh: string } {
  return { state, stateZh: stateLabel(state) };
}
