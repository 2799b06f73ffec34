import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DELEGABLE_ROLES } from '../auth/scope';
import { IsIntegerKey, Omittable, OneOf, problem } from '../common/validation';
import './delegations.messages';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `POST /api/delegations`: a substitute for a reviewer, for calendar days (both included). */
export class CreateDelegationDto {
  @ApiPropertyOptional({
    description: 'the reviewer who is away (an admin names them); a reviewer leaves it out (themselves)',
  })
  @IsOptional()
  @IsIntegerKey()
  principalId?: number;

  @ApiProperty({ description: 'who stands in: same role, a scope that covers the principal’s' })
  @IsIntegerKey()
  substituteId: number;

  @ApiProperty({
    enum: DELEGABLE_ROLES,
    description: 'the reviewer role delegated (its word is accepted too)',
  })
  @OneOf('role')
  role: string;

  @ApiProperty({ example: '2026-07-01', format: 'date', description: 'first day (Beijing time)' })
  @IsString(problem('FIELD_DATE'))
  @Matches(DATE, problem('FIELD_DATE'))
  startsOn: string;

  @ApiProperty({ example: '2026-07-15', format: 'date', description: 'last day, included' })
  @IsString(problem('FIELD_DATE'))
  @Matches(DATE, problem('FIELD_DATE'))
  endsOn: string;

  @ApiPropertyOptional({
    type: String,
    example: '出差',
    description: 'why (kept in the audit trail)',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

const blank = (value: unknown) => value === '' || value === undefined || value === null;

/** `GET /api/delegations`. */
export class DelegationListQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @Omittable()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @Omittable()
  @IsString()
  cursor?: string;
}

/** `GET /api/delegations/candidates`. */
export class DelegationCandidatesQuery {
  @ApiProperty({ enum: DELEGABLE_ROLES, description: 'the reviewer role' })
  @IsString()
  @MaxLength(40)
  role: string;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'the reviewer who is away (admins); default yourself',
  })
  @Transform(({ value }: { value: unknown }) =>
    blank(value) ? undefined : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value,
  )
  @Omittable()
  @IsIntegerKey()
  principalId?: number;
}
