import { describe, expect, it } from '@jest/globals';
import type { LibraryLinks } from './library-links';
import type { AppConfig } from '../../config/defaults';
import { defaults } from '../../config/defaults';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/request-context';
import type { Cursors } from '../common/pagination';
import type { Db, Tx } from '../database/db.service';
import type { QueueItemFacts } from './item-facts';
import type { PhaseFindings } from './phase-findings';
import type { WorkflowService } from '../workflow/workflow.service';
import type { DeclarationAccess } from './declaration-access';
import { Declaration } from './declaration.entity';
import { DeclarationsService } from './declarations.service';
import type { UpdateDeclarationDto } from './declarations.dto';

/** A declaration as loaded: every column set, in the state the workflow left it. */
function loaded(): Declaration {
  return Object.assign(new Declaration(), {
    id: 7,
    departmentId: 3,
    departmentPath: '/1/3/',
    year: 2026,
    projectName: '旧名称',
    projectNature: null,
    projectCategory: null,
    competentDepartment: null,
    implementingUnit: null,
    plannedStart: null,
    plannedEnd: null,
    fundsTotal: 100n,
    fundsAnnualRequest: null,
    fundsCurrentAppropriation: null,
    fundsCarryover: null,
    fundsOther: null,
    overallGoal: null,
    annualGoal: null,
    version: 4,
    state: 'drafting',
    stateEnteredAt: '2026-01-01T00:00:00.000Z',
    snapshot: '{"state":"drafting","context":{"adjustmentOrigin":null},"machineVersion":1}',
    machineVersion: 1,
    submittedBy: null,
    everSubmitted: true,
    approvedVersion: null,
    createdBy: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
}

/** The service over stubs that remember what the declaration's UPDATE was given. */
function serviceWith(d: Declaration) {
  const updates: Array<Record<string, unknown>> = [];
  const tx = {
    update: (_entity: unknown, _where: unknown, values: Record<string, unknown>) => {
      updates.push(values);
      return Promise.resolve();
    },
  } as unknown as Tx;
  const db = { write: (fn: (tx: Tx) => Promise<unknown>) => fn(tx) } as unknown as Db;
  const access = { loadForWrite: () => Promise.resolve(d) } as unknown as DeclarationAccess;
  const audit = { recordMany: () => Promise.resolve([]) } as unknown as AuditService;
  const service = new DeclarationsService(
    db,
    access,
    audit,
    defaults as unknown as AppConfig,
    {} as QueueItemFacts,
    {} as Cursors,
    {} as WorkflowService,
    {} as PhaseFindings,
    {} as LibraryLinks,
  );
  return { service, tx, updates };
}

const ctx = {
  user: { id: 1, roles: ['submitter'], departmentId: 3 },
  lang: 'zh',
} as unknown as RequestContext;

describe('DeclarationsService writes only what changed', () => {
  it('an edit of the header writes that column, the version and the time: never the state or snapshot', async () => {
    const d = loaded();
    const { service, updates } = serviceWith(d);
    await service.patch(ctx, d.id, { version: 4, projectName: '新名称' } as UpdateDeclarationDto);
    expect(updates).toHaveLength(1);
    expect(Object.keys(updates[0]).sort()).toEqual(['projectName', 'updatedAt', 'version']);
    expect(updates[0]).toMatchObject({ projectName: '新名称', version: 5 });
  });

  it('an edit of one fund writes that fund column only', async () => {
    const d = loaded();
    const { service, updates } = serviceWith(d);
    await service.patch(ctx, d.id, { version: 4, funds: { annualRequest: '12.34' } } as UpdateDeclarationDto);
    expect(updates[0]).toEqual({ fundsAnnualRequest: 1234n, version: 5, updatedAt: d.updatedAt });
  });

  it('a change that is not to its columns (indicators, reports) writes the version and time only', async () => {
    const d = loaded();
    const { service, tx, updates } = serviceWith(d);
    const version = await service.touch(tx, ctx, d, {
      action: 'monitoring.saved',
      entityType: 'monitoring_report',
      entityId: d.id,
      changes: [],
    });
    expect(version).toBe(5);
    expect(updates).toEqual([{ version: 5, updatedAt: d.updatedAt }]);
  });
});
