import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty } from '../common/openapi';
import { ROLES } from '../common/roles';

/** The answers of the auth routes in the OpenAPI document (issue 13, item 7). */

export class PublicUserView {
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
}

export class LoginResponse {
  @TextProperty({ description: 'send as `Authorization: Bearer <token>`' })
  accessToken: string;
  @ApiProperty({ type: () => PublicUserView })
  user: PublicUserView;
}
