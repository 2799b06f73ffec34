import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { fromLabel, valueLabels } from '../common/i18n';
import { IsIntegerKey, Omittable, problem } from '../common/validation';
import { blank, WorkListQuery } from '../declarations/list-filters';
import { RECTIFICATION_STATUSES, type RectificationStatus } from './rectification.messages';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What an item's texts may hold (a RETURN's reason is as long). */
export const RECTIFICATION_TEXT_MAX = 4000;

/** `POST /api/rectifications`: the bureau adds an item to an evaluated declaration. */
export class CreateRectificationDto {
  @ApiProperty({ description: 'the evaluated declaration (its self-evaluation approved: state closed)' })
  @IsIntegerKey()
  declarationId: number;

  @ApiProperty({
    example: '项目验收资料归档不及时',
    maxLength: RECTIFICATION_TEXT_MAX,
    description: '存在问题',
  })
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(RECTIFICATION_TEXT_MAX)
  problem: string;

  @ApiProperty({
    example: '建立验收资料归档台账，三个月内补齐',
    maxLength: RECTIFICATION_TEXT_MAX,
    description: '整改要求',
  })
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(RECTIFICATION_TEXT_MAX)
  requiredAction: string;

  @ApiPropertyOptional({
    example: '上海市大数据中心 项目管理处',
    maxLength: 200,
    description: '责任单位（人）; default the owning department',
  })
  @Omittable()
  @IsString()
  @MaxLength(200)
  responsible?: string;

  @ApiPropertyOptional({
    example: '2027-03-31',
    format: 'date',
    description: '整改期限; default the configured number of days from today',
  })
  @Omittable()
  @IsString(problem('FIELD_DATE'))
  @Matches(DATE, problem('FIELD_DATE'))
  dueOn?: string;
}

/** `PATCH /api/rectifications/:id`: the bureau edits an open item (what is sent changes). */
export class EditRectificationDto {
  @ApiProperty({ description: 'the item version you read' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ maxLength: RECTIFICATION_TEXT_MAX })
  @Omittable()
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(RECTIFICATION_TEXT_MAX)
  problem?: string;

  @ApiPropertyOptional({ maxLength: RECTIFICATION_TEXT_MAX })
  @Omittable()
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(RECTIFICATION_TEXT_MAX)
  requiredAction?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @Omittable()
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(200)
  responsible?: string;

  @ApiPropertyOptional({ example: '2027-03-31', format: 'date' })
  @Omittable()
  @IsString(problem('FIELD_DATE'))
  @Matches(DATE, problem('FIELD_DATE'))
  dueOn?: string;
}

/** `POST /api/rectifications/:id/close`: the department reports what it did. */
export class CloseRectificationDto {
  @ApiProperty({ description: 'the item version you read' })
  @IsIntegerKey('version')
  version: number;

  @ApiProperty({
    example: '已建立归档台账，补齐 2026 年验收资料 12 份',
    maxLength: RECTIFICATION_TEXT_MAX,
    description: '整改情况说明 (evidence); an attachment is uploaded before, PUT …/attachment',
  })
  @IsString()
  @MaxLength(RECTIFICATION_TEXT_MAX)
  evidence: string;
}

/** `POST /api/rectifications/:id/accept`. */
export class AcceptRectificationDto {
  @ApiProperty({ description: 'the item version you read' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: RECTIFICATION_TEXT_MAX,
    description: 'an optional note (audited)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(RECTIFICATION_TEXT_MAX)
  comment?: string | null;
}

/** `POST /api/rectifications/:id/reopen`. */
export class ReopenRectificationDto {
  @ApiProperty({ description: 'the item version you read' })
  @IsIntegerKey('version')
  version: number;

  @ApiProperty({
    example: '佐证材料不完整，请补充归档台账',
    maxLength: RECTIFICATION_TEXT_MAX,
    description: '退回理由',
  })
  @IsString()
  @MaxLength(RECTIFICATION_TEXT_MAX)
  reason: string;
}

const flag = ({ value }: { value: unknown }) => {
  if (blank(value)) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};
const integer = ({ value }: { value: unknown }) =>
  blank(value) ? undefined : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;

/** `GET /api/rectifications`: the work-list filters (year, department subtree, page) and its own. */
export class RectificationListQuery extends WorkListQuery {
  @ApiPropertyOptional({
    enum: RECTIFICATION_STATUSES,
    description: 'open 整改中, closed 待验收, accepted 已验收 (the words are accepted too)',
  })
  @Transform(({ value }) => (blank(value) ? undefined : fromLabel('rectificationStatus', value)))
  @Omittable()
  @IsIn(
    RECTIFICATION_STATUSES,
    problem('FIELD_ONE_OF', { values: valueLabels(RECTIFICATION_STATUSES, 'rectificationStatus') }),
  )
  status?: RectificationStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only open items past their due day; false: the others',
  })
  @Transform(flag)
  @Omittable()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'the items of one declaration' })
  @Transform(integer)
  @Omittable()
  @IsIntegerKey()
  declarationId?: number;
}
