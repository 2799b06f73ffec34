import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
// The enumerations `role` and `departmentKind`, and the codes used below.
import { DEPARTMENT_KINDS } from '../auth/auth.messages';
import { ROLES, type Role } from '../common/roles';
import { IsIntegerKey, OneOf, Omittable, problem } from '../common/validation';
import './org.messages';

/**
 * An email address as mail systems accept it in practice: one @, a dotted domain, no spaces or
 * control characters; at most 254 characters (RFC 5321's path limit).
 */
export const EMAIL_PATTERN =
  /^(?=.{3,254}$)[^\s@<>()[\\\],;:"]+@[^\s@<>()[\\\],;:"]+\.[^\s@<>()[\\\],;:".]{2,}$/u;

/** `email`: an address, or null to clear it (notifications are then in the console only). */
export function EmailField(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({
      type: String,
      nullable: true,
      maxLength: 254,
      example: 'zhang.wei@example.gov.cn',
      description: 'where notifications are emailed (when the service has SMTP); null clears it',
    })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(254, problem('EMAIL_FORMAT'))(target, key);
    Matches(EMAIL_PATTERN, problem('EMAIL_FORMAT'))(target, key);
  };
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'SHDSC-OPS', description: 'unique code: letters, digits, - and _' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,50}$/, problem('DEPARTMENT_CODE_FORMAT'))
  code: string;

  @ApiProperty({ example: '运营管理部' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    enum: DEPARTMENT_KINDS,
    description: '数据局 (bureau), 单位 (unit) or 部门 (department); the word is accepted too',
  })
  @OneOf('departmentKind')
  kind: 'bureau' | 'unit' | 'department';

  @ApiPropertyOptional({ description: 'required for unit (a bureau) and department (a unit or department)' })
  @IsOptional()
  @IsIntegerKey()
  parentId?: number;
}

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.wei' })
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/, problem('USERNAME_FORMAT'))
  username: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ description: 'at least 10 characters, three of lower/upper/digit/symbol, not the username' })
  @IsString()
  @MaxLength(256)
  password: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'role codes, or their words (填报人 …)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @OneOf('role', { each: true })
  roles: Role[];

  @ApiProperty()
  @IsIntegerKey()
  departmentId: number;

  @EmailField()
  email?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'role codes, or their words (填报人 …)' })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @OneOf('role', { each: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @Omittable()
  @IsIntegerKey()
  departmentId?: number;

  @ApiPropertyOptional({ description: 'a disabled user cannot log in; their tokens stop working at once' })
  @Omittable()
  @IsBoolean()
  disabled?: boolean;

  @EmailField()
  email?: string | null;

  @ApiPropertyOptional({ description: 'reset the password (policy applies)' })
  @Omittable()
  @IsString()
  @MaxLength(256)
  password?: string;
}
