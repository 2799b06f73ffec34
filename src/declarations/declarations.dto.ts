import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIntegerKey, Omittable, OneOf, problem } from '../common/validation';
import { DATE_OR_NULL, MONEY_SCHEMA, TEXT_OR_NULL, WEIGHT_SCHEMA } from '../common/openapi';
import { COUNT_LIMITS, TEXT_LIMITS } from './declaration-content';
import { LEVEL1_VALUES, LEVEL2_VALUES } from './declarations.messages';

/**
 * The bodies of the declaration routes. Refusals name the field in the form's words
 * (declarations.messages.ts); class-validator's constraints are turned into FIELD_* codes with
 * their arguments (MaxLength(500) → FIELD_TOO_LONG {max: 500}).
 */

const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function Apply(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}
/** Money: a decimal string, or null to clear it. */
const Money = () =>
  Apply(IsOptional(), IsString(problem('FIELD_MONEY')), Matches(MONEY, problem('FIELD_MONEY')));
/** Text of the form, or null to clear it. */
const Text = (max: number) => Apply(IsOptional(), IsString(), MaxLength(max));
const DateField = () =>
  Apply(IsOptional(), IsString(problem('FIELD_DATE')), Matches(DATE, problem('FIELD_DATE')));
const Year = () =>
  Apply(
    IsInt(),
    Min(2000, problem('FIELD_RANGE', { min: 2000, max: 2100 })),
    Max(2100, problem('FIELD_RANGE', { min: 2000, max: 2100 })),
  );

export class FundsDto {
  @ApiPropertyOptional({
    example: '154280000.00',
    description: '项目资金总额 (may be blank)',
    ...MONEY_SCHEMA,
  })
  @Money()
  total?: string | null;

  @ApiPropertyOptional({ example: '154280000.00', description: '年度资金申请总额', ...MONEY_SCHEMA })
  @Money()
  annualRequest?: string | null;

  @ApiPropertyOptional({ example: '154280000.00', description: '当年财政拨款', ...MONEY_SCHEMA })
  @Money()
  currentAppropriation?: string | null;

  @ApiPropertyOptional({ example: '0.00', description: '上年结转资金', ...MONEY_SCHEMA })
  @Money()
  carryover?: string | null;

  @ApiPropertyOptional({ example: '0.00', description: '其他资金', ...MONEY_SCHEMA })
  @Money()
  other?: string | null;
}

class HeaderFields {
  @ApiPropertyOptional({ example: '“一网通办”运营服务', description: '项目名称', ...TEXT_OR_NULL })
  @Text(TEXT_LIMITS.projectName)
  projectName?: string | null;

  @ApiPropertyOptional({
    example: '经常性专项业务费',
    description: '项目性质 (reference list in config)',
    ...TEXT_OR_NULL,
  })
  @Text(TEXT_LIMITS.projectNature)
  projectNature?: string | null;

  @ApiPropertyOptional({
    example: '特定目标类',
    description: '项目类别 (reference list in config)',
    ...TEXT_OR_NULL,
  })
  @Text(TEXT_LIMITS.projectCategory)
  projectCategory?: string | null;

  @ApiPropertyOptional({ example: '上海市数据局', description: '主管部门', ...TEXT_OR_NULL })
  @Text(TEXT_LIMITS.competentDepartment)
  competentDepartment?: string | null;

  @ApiPropertyOptional({ example: '上海市大数据中心', description: '实施单位', ...TEXT_OR_NULL })
  @Text(TEXT_LIMITS.implementingUnit)
  implementingUnit?: string | null;

  @ApiPropertyOptional({ example: '2026-01-01', description: '计划开始日期', ...DATE_OR_NULL })
  @DateField()
  plannedStart?: string | null;

  @ApiPropertyOptional({ example: '2026-12-31', description: '计划完成日期', ...DATE_OR_NULL })
  @DateField()
  plannedEnd?: string | null;

  @ApiPropertyOptional({
    type: FundsDto,
    description: 'merged field by field: a fund left out keeps its value, null clears it',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FundsDto)
  funds?: FundsDto;

  @ApiPropertyOptional({ description: '项目总目标', ...TEXT_OR_NULL })
  @Text(TEXT_LIMITS.overallGoal)
  overallGoal?: string | null;

  @ApiPropertyOptional({ description: '年度总体目标', ...TEXT_OR_NULL })
  @Text(TEXT_LIMITS.annualGoal)
  annualGoal?: string | null;
}

export class CreateDeclarationDto extends HeaderFields {
  @ApiProperty({ type: 'integer', example: 2026 })
  @Year()
  year: number;
}

export class UpdateDeclarationDto extends HeaderFields {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ type: 'integer', example: 2026 })
  @Omittable()
  @Year()
  year?: number;
}

const WEIGHT = /^\d{1,3}(\.\d{1,2})?$/;

class IndicatorFields {
  @ApiPropertyOptional({
    example: '≥95.00(%)',
    description: 'the form notation, or a qualitative text such as 及时; empty or null = no target yet',
    ...TEXT_OR_NULL,
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.target)
  target?: string | null;

  @ApiPropertyOptional({
    example: '12.50',
    description: '分值; null for the default split',
    ...WEIGHT_SCHEMA,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString(problem('INDICATOR_WEIGHT_FORMAT'))
  @Matches(WEIGHT, problem('INDICATOR_WEIGHT_FORMAT'))
  weight?: string | null;

  @ApiPropertyOptional({ example: '经济成本', description: 'cost indicators only', ...TEXT_OR_NULL })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(TEXT_LIMITS.costType)
  costType?: string | null;

  @ApiPropertyOptional({ description: 'why the change is made (kept in the audit trail)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.changeReason)
  reason?: string;
}

export class CreateIndicatorDto extends IndicatorFields {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiProperty({ enum: LEVEL1_VALUES, description: '一级指标: the code, or its Chinese word (产出指标)' })
  @OneOf('level1')
  level1: string;

  @ApiProperty({ enum: LEVEL2_VALUES, description: '二级指标: the code, or its Chinese word (数量指标)' })
  @OneOf('level2')
  level2: string;

  @ApiProperty({ example: '项目完成及时性', description: '三级指标（指标名称）' })
  @IsString()
  @Matches(/\S/, problem('FIELD_NOT_BLANK'))
  @MaxLength(TEXT_LIMITS.indicatorName)
  name: string;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      'picked from the indicator library (GET /api/library/entries?year=): the entry’s 一级/二级 and name replace those sent; ' +
      'it must be in the library and valid for the declaration’s year',
  })
  @Omittable()
  @IsIntegerKey()
  libraryEntryId?: number;
}

/** `POST /api/declarations/:id/indicators/:indicatorId/library-link`. */
export class LinkIndicatorDto {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'the library entry to link: its 一级/二级 and name replace the indicator’s (the target stays); null unlinks (the words stay)',
  })
  @ValidateIf((_, v) => v !== null)
  @IsIntegerKey()
  libraryEntryId: number | null;

  @ApiPropertyOptional({ description: 'why (kept in the audit trail)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.changeReason)
  reason?: string;
}

export class UpdateIndicatorDto extends IndicatorFields {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ enum: LEVEL2_VALUES, description: '二级指标: the code, or its Chinese word' })
  @Omittable()
  @OneOf('level2')
  level2?: string;

  @ApiPropertyOptional({ description: '三级指标（指标名称）' })
  @Omittable()
  @IsString()
  @Matches(/\S/, problem('FIELD_NOT_BLANK'))
  @MaxLength(TEXT_LIMITS.indicatorName)
  name?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 2,
    description:
      "move the indicator to this place in the form's order (0 first; past the end: last); the others shift by one",
  })
  @Omittable()
  @IsInt(problem('FIELD_INTEGER'))
  @Min(0, problem('FIELD_RANGE', { min: 0, max: COUNT_LIMITS.indicators - 1 }))
  @Max(COUNT_LIMITS.indicators - 1, problem('FIELD_RANGE', { min: 0, max: COUNT_LIMITS.indicators - 1 }))
  position?: number;
}
