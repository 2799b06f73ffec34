import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { valueLabels } from '../common/i18n';
import { Omittable, problem } from '../common/validation';
import { EMAIL_PATTERN } from '../org/org.dto';
import { DELIVERY_STATUSES } from './notifications.messages';

const blank = (value: unknown) => value === '' || value === undefined || value === null;

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

/** `GET /api/notifications`. */
export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only unread messages; false: only read ones' })
  @Transform(({ value }) =>
    blank(value) ? undefined : value === 'true' ? true : value === 'false' ? false : value,
  )
  @Omittable()
  @IsBoolean()
  unread?: boolean;
}

/** `GET /api/notifications/deliveries` (admin). */
export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: DELIVERY_STATUSES,
    default: 'dead',
    description: 'dead (default), pending or sent',
  })
  @Omittable()
  @IsIn(
    DELIVERY_STATUSES,
    problem('FIELD_ONE_OF', { values: valueLabels(DELIVERY_STATUSES, 'deliveryStatus') }),
  )
  status?: string;
}

/** `PUT /api/notifications/settings`: one's own email address. */
export class NotificationSettingsDto {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 254,
    example: 'zhang.wei@example.gov.cn',
    description: 'where your notifications are emailed (when the service sends email); null clears it',
  })
  // Required (the whole setting is replaced); null clears it.
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsString()
  @MaxLength(254, problem('EMAIL_FORMAT'))
  @Matches(EMAIL_PATTERN, problem('EMAIL_FORMAT'))
  email: string | null;
}
