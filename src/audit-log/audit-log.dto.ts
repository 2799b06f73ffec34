import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CheckpointDto {
  @ApiPropertyOptional({
    description: 'why now (kept in the audit.checkpointed event), e.g. 归档2025年度审计记录前',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
