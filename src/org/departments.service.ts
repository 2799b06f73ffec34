import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { Db } from '../database/db.service';
import { bureauCreationRefusal, enforce } from '../auth/role-grants';
import { Department } from '../auth/department.entity';
import type { CreateDepartmentDto } from './org.dto';
import { OrgErrors } from './org.messages';

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
        throw OrgErrors.DEPARTMENT_CODE_TAKEN({ code: dto.code }, { field: 'code' });
      let parent: Department | null = null;
      if (dto.kind === 'bureau') {
        if (dto.parentId) throw OrgErrors.BUREAU_HAS_NO_PARENT({}, { field: 'parentId' });
        const own = await tx.findOne(Department, { where: { id: ctx.user.departmentId } });
        enforce(bureauCreationRefusal(own?.kind ?? 'department'));
      } else {
        if (!dto.parentId)
          throw OrgErrors.DEPARTMENT_PARENT_REQUIRED(
            { kind: dto.kind, parentKinds: PARENT_KINDS[dto.kind] },
            { field: 'parentId' },
          );
        parent = await tx.findOne(Department, { where: { id: dto.parentId } });
        // An admin builds the tree below their own department only.
        if (!parent || !parent.path.startsWith(ctx.user.departmentPath))
          throw OrgErrors.DEPARTMENT_UNKNOWN({ id: dto.parentId }, { field: 'parentId' });
        if (!PARENT_KINDS[dto.kind].includes(parent.kind)) {
          throw OrgErrors.DEPARTMENT_PARENT_KIND(
            { kind: dto.kind, parentKinds: PARENT_KINDS[dto.kind], parentKind: parent.kind },
            { field: 'parentId' },
          );
        }
        const parentDepth = parent.path.split('/').filter(Boolean).length;
        if (parentDepth >= MAX_DEPTH)
          throw OrgErrors.DEPARTMENT_TOO_DEEP(
            { id: parent.id, level: parentDepth, max: MAX_DEPTH },
            { field: 'parentId' },
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
      await this.audit.record(ctx, {
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
