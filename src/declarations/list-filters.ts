import { stateFromLabel } from '../lifecycle/lifecycle.messages';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { valueLabels } from '../common/i18n';
import { IsIntegerKey, Omittable, problem } from '../common/validation';
import { Department } from '../auth/department.entity';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import { WorkListErrors } from './declarations.messages';

/**
 * The filters the work lists share (the caller's queue and the declarations list): year, state,
 * department, and their parsing. Query values arrive as text; an empty one (`?state=`, as a form
 * sends an unset field) means "not given".
 */

const YEAR = problem('FIELD_RANGE', { min: 2000, max: 2100 });

/** An empty query value (`?state=`): not given. */
export const blank = (value: unknown) => value === '' || value === undefined || value === null;
/** A whole number written in the query; anything else is left for the validator to refuse. */
const integer = ({ value }: { value: unknown }) =>
  blank(value) ? undefined : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
const text = ({ value }: { value: unknown }) => (blank(value) ? undefined : value);

class PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 500,
    default: 50,
    description: 'items per page, 1–500 (default 50)',
  })
  @Omittable()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @Omittable()
  @IsString()
  cursor?: string;
}

/** The filters every work list takes: the page, the year and the department (with those below it). */
export class WorkListQuery extends PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 2000,
    maximum: 2100,
    example: 2026,
    description: '年度 (2000–2100)',
  })
  @Transform(integer)
  @Omittable()
  @IsInt(YEAR)
  @Min(2000, YEAR)
  @Max(2100, YEAR)
  year?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'a department: its declarations and those of the departments below it',
  })
  @Transform(integer)
  @Omittable()
  @IsIntegerKey()
  departmentId?: number;
}

/** `GET /api/declarations`. */
export class DeclarationListQuery extends WorkListQuery {
  @ApiPropertyOptional({
    enum: DECLARATION_STATES,
    description:
      'a state, as its code or its words in either language (编制中, 目标调整 · 单位内部审核); GET /api/reference lists them (`state`)',
  })
  @Transform(text)
  @Omittable()
  @IsString()
  @MaxLength(100)
  state?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'words of the project name, separated by spaces: each must appear (数据 平台)',
  })
  @Transform(text)
  @Omittable()
  @IsString()
  @MaxLength(200)
  q?: string;
}

/**
 * The state a person named: its code (`adjustment.internalReview`) or its words in either
 * language (`目标调整 · 单位内部审核`, `编制中`). Anything else is refused naming every state in
 * words, with the codes in `allowed`.
 */
export function resolveState(input: string): string {
  const found = stateFromLabel(input);
  if (found) return found;
  throw WorkListErrors.DECLARATION_STATE_UNKNOWN(
    { value: input.slice(0, 100), values: valueLabels(DECLARATION_STATES, 'state') },
    { field: 'state', allowed: DECLARATION_STATES },
  );
}

/** The path prefix of a department's subtree (`/1/4/`), or 400 naming `departmentId`. */
export async function departmentPrefix(em: EntityManager, id: number): Promise<string> {
  const dep = await em.findOne(Department, { where: { id }, select: { id: true, path: true } });
  if (!dep) throw WorkListErrors.FILTER_DEPARTMENT_UNKNOWN({ id }, { field: 'departmentId' });
  return dep.path;
}

/**
 * The words of `q` as LIKE patterns (`%word%`, with `ESCAPE '\'`): each must appear in the
 * project name. LIKE's own wildcards are escaped, so `%` and `_` are matched as written.
 */
export function nameWords(q: string | undefined): string[] {
  if (!q) return [];
  return q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)
    .map((w) => `%${w.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
}
