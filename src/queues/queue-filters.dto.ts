import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsObject,
  Matches,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsIntegerKey, Omittable, OneOf, problem } from '../common/validation';
import { QUEUE_SORTS, type QueueSort } from './queues.messages';

const YEAR = problem('FIELD_RANGE', { min: 2000, max: 2100 });

/** The queue's filters as they are saved: those of `GET /api/queues/mine`, typed. */
export class SavedQueueFiltersDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100 })
  @Omittable()
  @IsInt(YEAR)
  @Min(2000, YEAR)
  @Max(2100, YEAR)
  year?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'a department and those below it' })
  @Omittable()
  @IsIntegerKey()
  departmentId?: number;

  @ApiPropertyOptional({ type: Boolean })
  @Omittable()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: QUEUE_SORTS, description: 'its code or its words (截止日期最近优先)' })
  @Omittable()
  @OneOf('queueSort')
  sort?: QueueSort;
}

/** `POST /api/queues/filters`. */
export class SaveQueueFilterDto {
  @ApiProperty({ example: '本年逾期', minLength: 1, maxLength: 40 })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @Matches(/\S/, problem('FIELD_NOT_BLANK'))
  name: string;

  @ApiProperty({ type: SavedQueueFiltersDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SavedQueueFiltersDto)
  filters: SavedQueueFiltersDto;
}
