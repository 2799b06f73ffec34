import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIntegerKey, Omittable, problem } from '../common/validation';

export const REASON_MAX = 500;
export const VERIFY_ROWS_MAX = 500;
const SHA = problem('FIELD_PATTERN', { example: '64 位十六进制数字' });

/** `PUT /api/publications/:id`: publish, or not with the reason. */
export class PublicationDecisionDto {
  @ApiProperty({ type: Boolean, description: 'true: 公开; false: 不公开 (notPublishedReason required)' })
  @IsBoolean()
  published: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: REASON_MAX, example: '涉及国家秘密' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxLength(REASON_MAX)
  notPublishedReason?: string | null;
}

/** One row's proof, as the table gives it. */
export class PublicVerifyRowDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: '申报编号' })
  @IsIntegerKey()
  declarationId: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: '批准版本' })
  @IsInt(problem('FIELD_INTEGER'))
  @Min(1, problem('FIELD_RANGE', { min: 1, max: 100000 }))
  @Max(100000, problem('FIELD_RANGE', { min: 1, max: 100000 }))
  versionNo: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: '内容哈希（SHA-256）' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, SHA)
  contentSha256: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: '批准事件序号 (on chain d:<declarationId>)',
  })
  @Omittable()
  @IsInt(problem('FIELD_INTEGER'))
  @Min(1, problem('FIELD_RANGE', { min: 1, max: 2147483647 }))
  @Max(2147483647, problem('FIELD_RANGE', { min: 1, max: 2147483647 }))
  seq?: number;

  @ApiPropertyOptional({ pattern: '^[0-9a-f]{64}$', description: '批准事件哈希（审批时链头）' })
  @Omittable()
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, SHA)
  eventHash?: string;
}

/** `POST /api/public/targets/verify`: the rows' hashes, without the table. */
export class PublicVerifyDto {
  @ApiProperty({ type: () => PublicVerifyRowDto, isArray: true, minItems: 1, maxItems: VERIFY_ROWS_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VERIFY_ROWS_MAX)
  @ValidateNested({ each: true })
  @Type(() => PublicVerifyRowDto)
  rows: PublicVerifyRowDto[];
}
