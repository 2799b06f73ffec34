import { ApiProperty } from '@nestjs/swagger';
import { DateProperty, EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { DELEGABLE_ROLES } from '../auth/scope';
import { DELEGATION_STATUSES } from './delegations.messages';

/** The answers of the delegation routes in the OpenAPI document. */

export class DelegationPerson {
  @IntProperty()
  id: number;
  @TextProperty()
  username: string;
  @TextProperty()
  displayName: string;
  @TextProperty({ nullable: true })
  departmentName: string | null;
}

export class DelegationView {
  @IntProperty()
  id: number;
  @ApiProperty({ type: () => DelegationPerson, description: '被代理人: the reviewer who is away' })
  principal: DelegationPerson;
  @ApiProperty({ type: () => DelegationPerson, description: '代理人: who stands in' })
  substitute: DelegationPerson;
  @EnumProperty(DELEGABLE_ROLES)
  role: string;
  @TextProperty({ readOnly: true, example: '单位审核人' })
  roleLabel: string;
  @DateProperty()
  startsOn: string;
  @DateProperty({ description: 'the last day, included' })
  endsOn: string;
  @TextProperty({ nullable: true })
  reason: string | null;
  @EnumProperty(DELEGATION_STATUSES, { readOnly: true, description: 'today (Beijing time)' })
  status: string;
  @TextProperty({ readOnly: true, example: '代理中' })
  statusLabel: string;
  @IntProperty({ description: 'who named the substitute (the principal or an admin)' })
  createdBy: number;
  @TimestampProperty()
  createdAt: string;
  @TimestampProperty({ nullable: true, description: 'when it was ended early' })
  endedAt: string | null;
}

export class DelegationPage {
  @ApiProperty({ type: () => [DelegationView] })
  items: DelegationView[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
}

export class DelegationCandidate {
  @IntProperty()
  id: number;
  @TextProperty()
  username: string;
  @TextProperty()
  displayName: string;
  @IntProperty()
  departmentId: number;
  @TextProperty()
  departmentName: string;
}

export class DelegationCandidates {
  @ApiProperty({ type: () => [DelegationCandidate] })
  items: DelegationCandidate[];
}
