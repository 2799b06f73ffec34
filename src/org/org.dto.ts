import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../auth/roles';
import { IsIntegerKey, Omittable } from '../common/validation';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'SHDSC-OPS', description: 'unique code: letters, digits, - and _' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,50}$/, { message: 'code: 1 to 50 letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: '运营管理部' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ['bureau', 'unit', 'department'] })
  @IsIn(['bureau', 'unit', 'department'], { message: 'kind: must be one of bureau, unit, department' })
  kind: 'bureau' | 'unit' | 'department';

  @ApiPropertyOptional({ description: 'required for unit (a bureau) and department (a unit or department)' })
  @IsOptional()
  @IsIntegerKey()
  parentId?: number;
}

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.wei' })
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/, {
    message: 'username: 3 to 64 lower-case letters, digits, ".", "_" or "-"',
  })
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

  @ApiProperty({ enum: ROLES, isArray: true })
  @ArrayMinSize(1, { message: 'roles: give at least one role' })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `roles: each must be one of ${ROLES.join(', ')}` })
  roles: Role[];

  @ApiProperty()
  @IsIntegerKey()
  departmentId: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @Omittable()
  @ArrayMinSize(1, { message: 'roles: give at least one role' })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `roles: each must be one of ${ROLES.join(', ')}` })
  roles?: Role[];

  @ApiPropertyOptional()
  @Omittable()
  @IsIntegerKey()
  departmentId?: number;

  @ApiPropertyOptional({ description: 'a disabled user cannot log in; their tokens stop working at once' })
  @Omittable()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ description: 'reset the password (policy applies)' })
  @Omittable()
  @IsString()
  @MaxLength(256)
  password?: string;
}
