import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerKey, Omittable, OneOf, problem } from '../common/validation';
import { COMMENT_ANCHORS } from './comments.messages';

/** A comment's text: what a reviewer or submitter writes (4,000 characters, as a RETURN's reason). */
const COMMENT_MAX = 4000;

export class OpenThreadDto {
  @ApiProperty({
    enum: COMMENT_ANCHORS,
    example: 'projectName',
    description:
      'what the comment is about: a header field (项目名称 projectName, 项目资金总额 funds.total, 年度总体目标 annualGoal …, or the indicator tree as a whole, indicators), or one indicator (indicator, with indicatorId); the field may be sent as its label',
  })
  @OneOf('commentAnchor')
  anchor: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'the indicator, with anchor `indicator` (its id stays the same across versions)',
  })
  @IsOptional()
  @IsIntegerKey()
  indicatorId?: number | null;

  @ApiProperty({ example: '项目名称应与立项批复一致', maxLength: COMMENT_MAX })
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(COMMENT_MAX)
  comment: string;
}

export class ReplyDto {
  @ApiProperty({ example: '已按立项批复修改', maxLength: COMMENT_MAX })
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(COMMENT_MAX)
  comment: string;
}

export class ResolutionDto {
  @ApiPropertyOptional({
    description: 'an optional note: what was done, or why it is reopened',
    maxLength: COMMENT_MAX,
  })
  @Omittable()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}
