import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { badRequest, conflict } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { Db } from '../database/db.service';
import { bureauCreationRefusal, enforce } from '../auth/role-grants';
import { Department } from './department.entity';
import type { CreateDepartmentDto } from './org.dto';

const PARENT_KINDS: Record<Department['kind'], Department['kind'][]> = {
  bureau: [],
  unit: ['bureau'],
  department: ['unit', 'department'],
};

/**
 * Levels of the tree at most (a bureau is level 1). Departments may nest, and each level
 * lengthens the materialised path, which the 500-character path columns must hold: 12
 * levels of 10-digit ids are 133 characters.
 */
export const MAX_DEPTH = 12;

export function toDepartmentView(d: Department) {
  return { id: d.id, code: d.code, name: d.name, kind: d.kind, parentId: d.parentId, path: d.path };
}

@Injectable()
export class DepartmentsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  list() {
    return this.db.read(async (em) =>
      (await em.find(Department, { order: { path: 'ASC' } })).map(toDepartmentView),
    );
  }

  async create(ctx: RequestContext, dto: CreateDepartmentDto) {
    return this.db.write(async (tx) => {
      if (await tx.findOne(Department, { where: { code: dto.code } }))
        throw conflict(`code: a department with code ${dto.code} already exists`);
      let parent: Department | null = null;
      if (dto.kind === 'bureau') {
        if (dto.parentId) throw badRequest('parentId: a bureau is the top of the tree and has no parent');
        const own = await tx.findOne(Department, { where: { id: ctx.user.departmentId } });
        enforce(bureauCreationRefusal(own?.kind ?? 'department'));
      } else {
        if (!dto.parentId)
          throw badRequest(`parentId: a ${dto.kind} needs a parent (${PARENT_KINDS[dto.kind].join(' or ')})`);
        parent = await tx.findOne(Department, { where: { id: dto.parentId } });
        // An admin builds the tree below their own department only.
        if (!parent || !parent.path.startsWith(ctx.user.departmentPath))
          throw badRequest(`parentId: department ${dto.parentId} does not exist`);
        if (!PARENT_KINDS[dto.kind].includes(parent.kind)) {
          throw badRequest(
            `parentId: a ${dto.kind} must sit under a ${PARENT_KINDS[dto.kind].join(' or ')}, not a ${parent.kind}`,
          );
        }
        const parentDepth = parent.path.split('/').filter(Boolean).length;
        if (parentDepth >= MAX_DEPTH)
          throw badRequest(
            `parentId: department ${parent.id} is at level ${parentDepth}; the tree has at most ${MAX_DEPTH} levels`,
          );
      }
      const saved = await tx.save(
        Department,
        tx.create(Department, {
          code: dto.code,
          name: dto.name,
          kind: dto.kind,
          parentId: parent?.id ?? null,
          path: '/',
          createdAt: nowIso(),
        }),
      );
      saved.path = `${parent?.path ?? '/'}${saved.id}/`;
      await tx.update(Department, { id: saved.id }, { path: saved.path });
      await this.audit.record(tx, ctx, {
        action: 'department.created',
        entityType: 'department',
        entityId: saved.id,
        changes: [
          { field: 'code', before: null, after: saved.code },
          { field: 'name', before: null, after: saved.name },
          { field: 'kind', before: null, after: saved.kind },
          { field: 'parentId', before: null, after: saved.parentId },
        ],
      });
      return toDepartmentView(saved);
    });
  }
}
