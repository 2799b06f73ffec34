import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../common/roles';
import { EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';

/** The answers of the organisation routes in the OpenAPI document (issue 13, item 7). */

export const DEPARTMENT_KINDS = ['bureau', 'unit', 'department'] as const;

export class DepartmentView {
  @IntProperty({ readOnly: true })
  id: number;
  @TextProperty({ example: 'SHDSC-OPS' })
  code: string;
  @TextProperty({ example: '运营管理部' })
  name: string;
  @EnumProperty(DEPARTMENT_KINDS)
  kind: string;
  @IntProperty({ nullable: true, description: 'null for the bureau' })
  parentId: number | null;
  @TextProperty({ readOnly: true, description: 'ids from the root: /1/2/6/', example: '/1/2/6/' })
  path: string;
}

export class UserView {
  @IntProperty({ readOnly: true })
  id: number;
  @TextProperty({ example: 'zhang.wei' })
  username: string;
  @TextProperty({ example: '张伟' })
  displayName: string;
  @EnumProperty(ROLES, { isArray: true })
  roles: string[];
  @IntProperty()
  departmentId: number;
  @ApiProperty({ description: 'a disabled user cannot log in' })
  disabled: boolean;
  @TextProperty({ nullable: true, description: 'where notifications are emailed; null: none' })
  email: string | null;
  @TimestampProperty({ nullable: true, readOnly: true, description: 'locked after failed logins until then' })
  lockedUntil: string | null;
}

export class UserPage {
  @ApiProperty({ type: () => [UserView] })
  items: UserView[];
  @TextProperty({ nullable: true, description: 'always null: the whole list at once' })
  nextCursor: string | null;
}

export class DepartmentGrantsView {
  @IntProperty()
  departmentId: number;
  @EnumProperty(ROLES, {
    isArray: true,
    description:
      'the roles you may give a user of this department (role-grant policy, src/auth/role-grants.ts)',
  })
  roles: string[];
}

export class RoleGrantsView {
  @ApiProperty({
    type: () => [DepartmentGrantsView],
    description: 'every department of your scope, ordered by path',
  })
  items: DepartmentGrantsView[];
}
