import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty } from '../common/openapi';
import { SEVERITIES, TargetView } from '../declarations/declarations.responses';

/** The answer of `GET /api/reference` in the OpenAPI document (issue 13, items 6 and 7). */

/** A value of an enumeration with its words. */
export class ReferenceValue {
  @TextProperty({ example: 'drafting', description: 'the code, as the API sends and takes it' })
  value: string;
  @TextProperty({ example: '编制中' })
  zh: string;
  @TextProperty({ example: 'drafting' })
  en: string;
}

export class ReferenceFinding extends ReferenceValue {
  @EnumProperty(SEVERITIES, { description: 'as configured here (FINDING_SEVERITIES); error blocks SUBMIT' })
  severity: string;
  @EnumProperty(['form', 'import', 'monitoring', 'evaluation'], { description: 'what raises it' })
  source: string;
}

export class ReferenceError {
  @TextProperty({ pattern: '^[A-Z][A-Z0-9_]*$', example: 'DECLARATION_VERSION_STALE' })
  code: string;
  @IntProperty({ example: 409, description: 'the HTTP status it is answered with' })
  status: number;
  @TextProperty({ example: 'declarations', description: 'the catalogue it belongs to' })
  module: string;
}

export class ReferenceView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: getSchemaPath(ReferenceValue) } },
    // ReferenceValue is in the document by the controller's ApiExtraModels.
    description:
      'every enumeration by name, each value with its words: state, event, role, rating, level1, level2, ' +
      'light, grade, achievement, likelihood, deviationCategory, projectNature, projectCategory, queueSort …',
    example: { state: [{ value: 'drafting', zh: '编制中', en: 'drafting' }] },
  })
  enumerations: Record<string, ReferenceValue[]>;
  @ApiProperty({ type: () => [ReferenceFinding], description: 'every finding code' })
  findings: ReferenceFinding[];
  @ApiProperty({ type: () => [ReferenceError], description: 'every error code, by code' })
  errors: ReferenceError[];
}

/** The answer of `POST /api/reference/targets/parse`: how the service reads a 年度指标值. */
export class TargetReadingView {
  @TextProperty({ example: '>=95(%)', description: 'the text as sent' })
  text: string;
  @ApiProperty({ description: 'true: the text would be accepted as a target (or is empty: no target yet)' })
  ok: boolean;
  @ApiProperty({
    type: () => TargetView,
    nullable: true,
    description: 'the target as a save would store it; null when empty or refused',
  })
  target: TargetView | null;
  @TextProperty({
    example: '定量指标：不低于 95，计量单位“%”，越高越好',
    description: 'how the service reads it (or why it refuses it), in your language',
  })
  reading: string;
  @TextProperty({
    nullable: true,
    pattern: '^[A-Z][A-Z0-9_]*$',
    example: 'TARGET_NOTATION_UNIT_MISSING',
    description: 'when refused: the code a save would answer (400)',
  })
  code: string | null;
  @TextProperty({
    nullable: true,
    example: '≥95(%)',
    description: 'the notation proposed for a text that looks quantitative (95%, 不低于95%)',
  })
  proposed: string | null;
}
