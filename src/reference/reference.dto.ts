import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/reference/targets/parse`: the text typed into a 年度指标值 field. */
export class ParseTargetDto {
  @ApiProperty({ example: '≥95.00(%)', description: '年度指标值 as typed; empty reads as no target' })
  @IsString()
  // Longer than any target a save accepts, so the reading can say how long is too long.
  @MaxLength(2000)
  text: string;
}
