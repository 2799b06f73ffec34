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
import { TEXT_OR_NULL } from '../common/openapi';
import { IsIntegerKey, Omittable, OneOf, problem } from '../common/validation';
import { LEVEL1_VALUES, LEVEL2_VALUES } from '../declarations/declarations.messages';
import { LIBRARY_DIRECTIONS, PROPOSAL_KINDS, LIBRARY_EVENT_WORDS } from './library.messages';

/** The longest text of each field of an entry. */
export const LIBRARY_LIMITS = {
  code: 20,
  name: 500,
  definition: 5000,
  formula: 2000,
  dataSource: 500,
  scoringStandard: 5000,
  unit: 50,
  sector: 100,
  reason: 2000,
} as const;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const yearRange = problem('FIELD_RANGE', { min: 2000, max: 2100 });

/**
 * An entry's fields in a proposal: all of code, levels, name, direction and validFrom for 入库;
 * only those changed for 修改 (null clears an optional one); none for 出库 (the service says which).
 */
export class LibraryEntryFieldsDto {
  @ApiPropertyOptional({ example: 'ZB0119', description: '指标编码: letters, digits, . _ -' })
  @Omittable()
  @IsString()
  @Matches(CODE, problem('LIBRARY_CODE_FORMAT'))
  @MaxLength(LIBRARY_LIMITS.code)
  code?: string;

  @ApiPropertyOptional({ enum: LEVEL1_VALUES, description: '一级指标: the code or its word (产出指标)' })
  @Omittable()
  @OneOf('level1')
  level1?: string;

  @ApiPropertyOptional({ enum: LEVEL2_VALUES, description: '二级指标: the code or its word (数量指标)' })
  @Omittable()
  @OneOf('level2')
  level2?: string;

  @ApiPropertyOptional({ example: '数据共享交换次数', description: '三级指标名称' })
  @Omittable()
  @IsString()
  @Matches(/\S/, problem('FIELD_NOT_BLANK'))
  @MaxLength(LIBRARY_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ description: '指标解释', ...TEXT_OR_NULL })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.definition)
  definition?: string | null;

  @ApiPropertyOptional({ description: '计算公式', ...TEXT_OR_NULL })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.formula)
  formula?: string | null;

  @ApiPropertyOptional({ description: '数据来源', ...TEXT_OR_NULL })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.dataSource)
  dataSource?: string | null;

  @ApiPropertyOptional({ description: '评(扣)分标准', ...TEXT_OR_NULL })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.scoringStandard)
  scoringStandard?: string | null;

  @ApiPropertyOptional({
    enum: LIBRARY_DIRECTIONS,
    description: 'higher 越高越好, lower 越低越好, qualitative 定性',
  })
  @Omittable()
  @OneOf('libraryDirection')
  direction?: string;

  @ApiPropertyOptional({ example: '次', description: '计量单位 (quantitative only)', ...TEXT_OR_NULL })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.unit)
  unit?: string | null;

  @ApiPropertyOptional({ example: '2130101', description: '支出功能分类 (optional)', ...TEXT_OR_NULL })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.sector)
  sector?: string | null;

  @ApiPropertyOptional({ type: 'integer', example: 2026, description: 'the first year it may be picked' })
  @Omittable()
  @IsInt(yearRange)
  @Min(2000, yearRange)
  @Max(2100, yearRange)
  validFrom?: number;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 2030,
    description: 'the last year (null: open)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt(yearRange)
  @Min(2000, yearRange)
  @Max(2100, yearRange)
  validTo?: number | null;
}

/** `POST /api/library/proposals`. */
export class CreateLibraryProposalDto {
  @ApiProperty({
    enum: PROPOSAL_KINDS,
    description: 'add 入库, change 修改, retire 出库 (the word is accepted too)',
  })
  @OneOf('libraryProposalKind')
  operation: string;

  @ApiPropertyOptional({ type: 'integer', description: 'the entry changed or retired (not for add)' })
  @Omittable()
  @IsIntegerKey()
  entryId?: number;

  @ApiPropertyOptional({
    type: () => LibraryEntryFieldsDto,
    description: "the entry's fields (not for retire)",
  })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => LibraryEntryFieldsDto)
  entry?: LibraryEntryFieldsDto;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'why (kept with the proposal and in the audit trail)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.reason)
  reason?: string | null;
}

/** `POST /api/library/proposals/:id/transitions`. */
export class LibraryTransitionDto {
  @ApiProperty({ enum: LIBRARY_EVENT_WORDS, description: 'APPROVE (初审 or 复审, by the state) or RETURN' })
  @OneOf('libraryEvent')
  event: string;

  @ApiProperty({ type: 'integer', description: 'the version of the proposal you read' })
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ description: 'the reason of a return (required), or a note with an approval' })
  @IsOptional()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.reason)
  comment?: string;
}

/** `GET /api/library/entries`. */
export class LibraryEntryQuery {
  @ApiPropertyOptional({ description: 'words of the name, or the code (every word must match)' })
  @Omittable()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: LEVEL1_VALUES })
  @Omittable()
  @OneOf('level1')
  level1?: string;

  @ApiPropertyOptional({ enum: LEVEL2_VALUES })
  @Omittable()
  @OneOf('level2')
  level2?: string;

  @ApiPropertyOptional({ description: '支出功能分类 (exact)' })
  @Omittable()
  @IsString()
  @MaxLength(LIBRARY_LIMITS.sector)
  sector?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 2026,
    description:
      'only entries valid for this year and in the library (what a declaration of the year may pick)',
  })
  @Omittable()
  @IsString(problem('FIELD_RANGE', { min: 2000, max: 2100 }))
  @Matches(/^\d{4}$/, problem('FIELD_RANGE', { min: 2000, max: 2100 }))
  year?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'include retired entries (出库); default false',
  })
  @Omittable()
  @IsIn(
    ['true', 'false'],
    problem('FIELD_ONE_OF', { values: { zh: ['true', 'false'], en: ['true', 'false'] } }),
  )
  retired?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @Omittable()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'how many to skip' })
  @Omittable()
  @IsString(problem('FIELD_INTEGER'))
  @Matches(/^\d{1,6}$/, problem('FIELD_INTEGER'))
  offset?: string;
}

/** `GET /api/library/proposals`. */
export class LibraryProposalQuery {
  @ApiPropertyOptional({
    enum: ['open', 'proposed', 'firstApproved', 'applied', 'returned'],
    description: 'open: awaiting either approval',
  })
  @Omittable()
  @IsIn(
    ['open', 'proposed', 'firstApproved', 'applied', 'returned'],
    problem('FIELD_ONE_OF', {
      values: {
        zh: ['open', '待初审', '待复审', '已生效', '已退回'],
        en: ['open', 'proposed', 'firstApproved', 'applied', 'returned'],
      },
    }),
  )
  stage?: string;

  @ApiPropertyOptional({ type: 'integer', description: "one entry's proposals" })
  @Omittable()
  @IsString(problem('FIELD_ID'))
  @Matches(/^\d{1,9}$/, problem('FIELD_ID'))
  entryId?: string;
}
