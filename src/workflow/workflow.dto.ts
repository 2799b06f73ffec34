import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
import { IsIntegerKey } from '../common/validation';
import { EVENT_TYPES } from './declaration.machine';

export class TransitionDto {
  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES, { message: `$property: must be one of ${EVENT_TYPES.join(', ')}` })
  event: (typeof EVENT_TYPES)[number];

  @ApiProperty()
  @IsIntegerKey('version')
  version: number;

  @ApiPropertyOptional({ description: 'required with RETURN and REQUEST_ADJUSTMENT' })
  @IsOptional()
  @IsString({ message: '$property: must be text' })
  @MaxLength(4000, { message: '$property: at most 4000 characters' })
  comment?: string;

  @ApiPropertyOptional({
    enum: ['优', '良', '中', '差'],
    description: '优/良 with APPROVE, 中/差 with RETURN',
  })
  @IsOptional()
  @IsIn(['优', '良', '中', '差'], { message: '$property: must be one of 优, 良, 中, 差' })
  rating?: string;
}

export class YearDto {
  @ApiProperty({ example: 2026 })
  @IsInt({ message: '$property: must be a year such as 2026' })
  @Min(2000, { message: '$property: must be from 2000 to 2100' })
  @Max(2100, { message: '$property: must be from 2000 to 2100' })
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

export class BulkDecisionDto {
  @ApiProperty({ type: [BulkItemDto] })
  @IsArray({ message: '$property: must be a list of {declarationId, version}' })
  @ArrayMinSize(1, { message: '$property: give at least one item' })
  @ArrayMaxSize(200, { message: '$property: at most 200 items at once' })
  @ValidateNested({ each: true })
  @Type(() => BulkItemDto)
  items: BulkItemDto[];

  @ApiProperty({ enum: ['APPROVE', 'RETURN'] })
  @IsIn(['APPROVE', 'RETURN'], { message: '$property: must be APPROVE or RETURN' })
  event: 'APPROVE' | 'RETURN';

  @ApiPropertyOptional({ description: 'required with RETURN' })
  @IsOptional()
  @IsString({ message: '$property: must be text' })
  @MaxLength(4000, { message: '$property: at most 4000 characters' })
  comment?: string;
}
