import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defaults } from '../../config/defaults';
import { TEXT_OR_NULL } from '../common/openapi';
import { REVIEW_SCORE_PATTERN } from './scored-review';
import { fromLabel, valueLabels } from '../common/i18n';
import { IsIntegerKey, Omittable, OneOf, problem } from '../common/validation';
import { EVENT_TYPES, RATINGS, type Rating, type WorkflowEventType } from '../lifecycle/lifecycle.messages';

const MAX_REVIEW_TEXT = defaults.targetReview.maxTextLength;

/** A whole-number score may come as a JSON number; anything else is checked as sent. */
const scoreText = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isInteger(value) ? String(value) : value;

/** One dimension of the scored review: a score 0–100 and the opinion. */
export class ReviewDimensionDto {
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: REVIEW_SCORE_PATTERN.source,
    example: '92',
    description: '0 to 100, at most 2 decimals (a whole number may be sent as a JSON number)',
  })
  @Transform(scoreText)
  @IsString()
  @Matches(REVIEW_SCORE_PATTERN, problem('WORKFLOW_REVIEW_SCORE'))
  score: string;

  @ApiProperty({ maxLength: MAX_REVIEW_TEXT, description: 'the opinion on this dimension' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, problem('FIELD_NOT_BLANK'))
  @MaxLength(MAX_REVIEW_TEXT)
  opinion: string;
}

/**
 * The 数据局's scored review of the targets (绩效目标审核, 财预〔2015〕88号): with APPROVE and
 * RETURN in 数据局审核 of a declaration or an adjustment. The weighted total gives the grade
 * (the rating); the flagged indicators are the review comments the bureau opened on indicators.
 */
export class ScoredReviewDto {
  @ApiProperty({ type: () => ReviewDimensionDto, description: '完整性: the form is complete and clear' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewDimensionDto)
  completeness: ReviewDimensionDto;

  @ApiProperty({
    type: () => ReviewDimensionDto,
    description: "相关性: the targets follow from the project's purpose and funds",
  })
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewDimensionDto)
  relevance: ReviewDimensionDto;

  @ApiProperty({
    type: () => ReviewDimensionDto,
    description: '适当性: the scale of the targets fits the money',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewDimensionDto)
  appropriateness: ReviewDimensionDto;

  @ApiProperty({
    type: () => ReviewDimensionDto,
    description: '可行性: the targets can be reached with the plan and funds',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewDimensionDto)
  feasibility: ReviewDimensionDto;

  @ApiPropertyOptional({
    ...TEXT_OR_NULL,
    maxLength: MAX_REVIEW_TEXT,
    description: '修改意见: required when approving with the grade 良',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REVIEW_TEXT)
  amendments?: string | null;
}

export class TransitionDto {
  @ApiProperty({
    enum: EVENT_TYPES,
    description:
      'the event, or its label: 提交, 撤回, 审核通过, 退回, 申请调整, 取消调整, 开启绩效监控, 开启绩效自评',
  })
  @OneOf('event')
  event: WorkflowEventType;

  @ApiProperty()
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ description: 'required with RETURN and REQUEST_ADJUSTMENT (the reason)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;

  @ApiPropertyOptional({
    enum: RATINGS,
    description:
      '优/良 with APPROVE, 中/差 with RETURN; with a scored review the grade of its scores (may be left out)',
  })
  @IsOptional()
  @OneOf('rating')
  rating?: Rating;

  @ApiPropertyOptional({
    type: () => ScoredReviewDto,
    description:
      "the 数据局's scored review: required with APPROVE and RETURN in 数据局审核 of a declaration or an adjustment (the action's `needs.review`), refused elsewhere",
  })
  @Omittable()
  @ValidateNested()
  @Type(() => ScoredReviewDto)
  review?: ScoredReviewDto;
}

export class YearDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000, problem('FIELD_RANGE', { min: 2000, max: 2100 }))
  @Max(2100, problem('FIELD_RANGE', { min: 2000, max: 2100 }))
  year: number;
}

export class BulkItemDto {
  @ApiProperty()
  @IsIntegerKey()
  declarationId: number;

  @ApiProperty()
  @IsIntegerKey('version')
  version: number;
}

const BULK_EVENTS = ['APPROVE', 'RETURN'] as const;

export class BulkDecisionDto {
  @ApiProperty({ type: [BulkItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BulkItemDto)
  items: BulkItemDto[];

  @ApiProperty({ enum: BULK_EVENTS, description: 'APPROVE (审核通过) or RETURN (退回)' })
  @Transform(({ value }) => fromLabel('event', value))
  @IsIn(BULK_EVENTS, problem('FIELD_ONE_OF', { values: valueLabels(BULK_EVENTS, 'event') }))
  event: 'APPROVE' | 'RETURN';

  @ApiPropertyOptional({ description: 'required with RETURN' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;

  @ApiPropertyOptional({
    enum: RATINGS,
    description: "the reviewer's rating, given to every item: 优/良 with APPROVE, 中/差 with RETURN",
  })
  @IsOptional()
  @OneOf('rating')
  rating?: Rating;

  @ApiPropertyOptional({
    type: () => ScoredReviewDto,
    description:
      'the scored review given to every item in 数据局审核 of a declaration or an adjustment (each item records its own flagged indicators)',
  })
  @Omittable()
  @ValidateNested()
  @Type(() => ScoredReviewDto)
  review?: ScoredReviewDto;
}
