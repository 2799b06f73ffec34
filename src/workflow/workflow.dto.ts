import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { fromLabel, valueLabels } from '../common/i18n';
import { IsIntegerKey, OneOf, problem } from '../common/validation';
import { EVENT_TYPES, RATINGS, type Rating, type WorkflowEventType } from '../lifecycle/lifecycle.messages';

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

  @ApiPropertyOptional({ enum: RATINGS, description: '优/良 with APPROVE, 中/差 with RETURN' })
  @IsOptional()
  @OneOf('rating')
  rating?: Rating;
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
}
