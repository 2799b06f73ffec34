import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIntegerKey, OneOf, problem } from '../common/validation';
import { PRE_ASSESSMENT_CONCLUSION_WORDS } from './pre-assessments.messages';

/** One dimension's opinion: a paragraph or two of the assessment report. */
export const OPINION_MAX = 4000;

/** An opinion's property: described, trimmed (blank is not an opinion), then checked. */
const opinion =
  (zh: string, example: string): PropertyDecorator =>
  (target, key) => {
    ApiProperty({ description: `${zh}的评估意见`, example, maxLength: OPINION_MAX })(target, key);
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))(target, key);
  };

/** `PUT /api/declarations/:id/pre-assessment`: the whole record (the attachment is uploaded apart). */
export class SavePreAssessmentDto {
  @ApiProperty({ description: 'the declaration version you read (every write names it)' })
  @IsIntegerKey('version')
  version: number;

  @opinion('立项必要性', '项目是落实本市公共数据“一网通办”的必要支撑，与部门职能相符')
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(OPINION_MAX)
  necessity: string;

  @opinion('投入经济性', '运维费用参照上年合同价和市场询价测算，单价合理')
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(OPINION_MAX)
  economy: string;

  @opinion('绩效目标合理性', '产出和效益指标与资金规模匹配，指标值有历史数据支撑')
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(OPINION_MAX)
  goals: string;

  @opinion('实施方案可行性', '实施计划分季度安排，组织保障和采购方式明确')
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(OPINION_MAX)
  feasibility: string;

  @opinion('筹资合规性', '资金来源为当年财政拨款，符合预算管理规定')
  @IsString()
  @IsNotEmpty(problem('FIELD_REQUIRED'))
  @MaxLength(OPINION_MAX)
  financing: string;

  @ApiProperty({
    enum: PRE_ASSESSMENT_CONCLUSION_WORDS,
    example: 'pass',
    description:
      '评估结论: pass 通过, partial 部分通过, fail 不通过 (the words are accepted too); 不通过 blocks SUBMIT',
  })
  @OneOf('preAssessmentConclusion')
  conclusion: string;
}
