import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
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
import { IsIntegerKey, Omittable } from '../common/validation';
import { DATE_OR_NULL, MONEY_SCHEMA, TEXT_OR_NULL, WEIGHT_SCHEMA } from '../common/openapi';
import { TEXT_LIMITS } from './declaration-content';

const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
const MONEY_MSG = {
  message:
    '$property: money must be a decimal string with at most 2 decimals, such as "154280000.00" (not a number, not negative)',
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AtMost = (max: number) => MaxLength(max, { message: `$property: at most ${max} characters` });
const text = (max: number) => [IsString({ message: '$property: must be text' }), AtMost(max)];

function Apply(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}
const Money = () => Apply(IsOptional(), IsString(MONEY_MSG), Matches(MONEY, MONEY_MSG));
const Text = (max: number) => Apply(IsOptional(), ...text(max));
const DateField = () =>
  Apply(
    IsOptional(),
    IsString({ message: '$property: must be a date YYYY-MM-DD' }),
    Matches(DATE, { message: '$property: must be a date YYYY-MM-DD' }),
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

  @ApiPropertyOptional({ type: FundsDto, description: 'only the fund fields sent change; null clears one' })
  @IsOptional()
  @IsObject({ message: '$property: must be an object of money strings' })
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
  @IsInt({ message: '$property: must be a whole number (the budget year)' })
  @Min(2000, { message: '$property: must be from 2000 to 2100' })
  @Max(2100, { message: '$property: must be from 2000 to 2100' })
  year: number;
}

export class UpdateDeclarationDto extends HeaderFields {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ type: 'integer', example: 2026 })
  @Omittable()
  @IsInt({ message: '$property: must be a whole number (the budget year)' })
  @Min(2000, { message: '$property: must be from 2000 to 2100' })
  @Max(2100, { message: '$property: must be from 2000 to 2100' })
  year?: number;
}

const LEVEL1 = ['output', 'benefit', 'satisfaction'];
const LEVEL2 = [
  'quantity',
  'quality',
  'timeliness',
  'cost',
  'economic',
  'social',
  'ecological',
  'sustainability',
  'serviceSatisfaction',
];
const WEIGHT = /^\d{1,3}(\.\d{1,2})?$/;

class IndicatorFields {
  @ApiPropertyOptional({
    example: '≥95.00(%)',
    description: 'the form notation, or a qualitative text such as 及时; empty = no target yet',
  })
  @IsOptional()
  @IsString({ message: '$property: must be text such as "≥95.00(%)" or "及时"' })
  @AtMost(TEXT_LIMITS.target)
  target?: string;

  @ApiPropertyOptional({
    example: '12.50',
    description: '分值; null for the default split',
    ...WEIGHT_SCHEMA,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: '$property: must be a decimal string such as "12.50"' })
  @Matches(WEIGHT, { message: '$property: must be a decimal string such as "12.50" (0 to 100, 2 decimals)' })
  weight?: string | null;

  @ApiPropertyOptional({ example: '经济成本', description: 'cost indicators only', ...TEXT_OR_NULL })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: '$property: must be text' })
  @AtMost(TEXT_LIMITS.costType)
  costType?: string | null;

  @ApiPropertyOptional({ description: 'why the change is made (kept in the audit trail)' })
  @IsOptional()
  @IsString({ message: '$property: must be text' })
  @AtMost(TEXT_LIMITS.changeReason)
  reason?: string;
}

export class CreateIndicatorDto extends IndicatorFields {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiProperty({ enum: LEVEL1 })
  @IsIn(LEVEL1, { message: `$property: must be one of ${LEVEL1.join(', ')}` })
  level1: string;

  @ApiProperty({ enum: LEVEL2 })
  @IsIn(LEVEL2, { message: `$property: must be one of ${LEVEL2.join(', ')}` })
  level2: string;

  @ApiProperty({ example: '项目完成及时性' })
  @IsString({ message: '$property: must be text' })
  @Matches(/\S/, { message: '$property: must not be empty' })
  @AtMost(TEXT_LIMITS.indicatorName)
  name: string;
}

export class UpdateIndicatorDto extends IndicatorFields {
  @ApiProperty({ type: 'integer', description: 'the version you read (optimistic lock)' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ enum: LEVEL2 })
  @Omittable()
  @IsIn(LEVEL2, { message: `$property: must be one of ${LEVEL2.join(', ')}` })
  level2?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString({ message: '$property: must be text' })
  @Matches(/\S/, { message: '$property: must not be empty' })
  @AtMost(TEXT_LIMITS.indicatorName)
  name?: string;
}
