import { VERIFY_MODES, type VerifyMode } from '../audit/audit.messages';
import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import { ActorView, FieldDiff } from '../workflow/workflow.responses';

/** The answers of the audit routes in the OpenAPI document (issue 13, item 7). */

const HEX64 = '^[0-9a-f]{64}$';

export class AuditEventView {
  @IntProperty()
  id: number;
  @TimestampProperty()
  at: string;
  @ApiProperty({ type: () => ActorView })
  actor: ActorView;
  @TextProperty({ description: "the actor's roles when it acted, comma-separated", example: 'submitter' })
  role: string;
  @TextProperty({ description: 'the action of the catalogue (docs/audit.md)', example: 'indicator.updated' })
  action: string;
  @TextProperty({ example: 'success' })
  outcome: string;
  @TextProperty({ example: 'declaration' })
  entityType: string;
  @TextProperty({ nullable: true })
  entityId: string | null;
  @IntProperty({ nullable: true })
  declarationId: number | null;
  @IntProperty({ nullable: true })
  indicatorId: number | null;
  @EnumProperty(DECLARATION_STATES, {
    nullable: true,
    description: "the declaration's state when it happened",
  })
  state: string | null;
  @ApiProperty({ type: () => [FieldDiff] })
  changes: FieldDiff[];
  @TextProperty({ nullable: true })
  comment: string | null;
  @TextProperty({ nullable: true })
  requestId: string | null;
  @TextProperty({ nullable: true })
  ip: string | null;
  @TextProperty({ readOnly: true, example: '填报人', description: 'the roles in your language' })
  roleLabel: string;
  @TextProperty({ readOnly: true, example: '修改指标', description: 'the action in your language' })
  actionLabel: string;
  @TextProperty({ readOnly: true, example: '成功' })
  outcomeLabel: string;
  @TextProperty({ readOnly: true, nullable: true, example: '编制中' })
  stateLabel: string | null;
  @TextProperty({
    readOnly: true,
    example: '年度指标值：≥95.00(%) → ≥98.00(%)；名称：A → B',
    description: 'the changes as one line a person reads',
  })
  changesText: string;
  @TextProperty({ readOnly: true, nullable: true, description: 'a fixed comment of the service in words' })
  commentLabel: string | null;
}

export class AuditEventPage {
  @ApiProperty({ type: () => [AuditEventView], description: 'newest first' })
  items: AuditEventView[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
}

export class BrokenAtView {
  @IntProperty({ nullable: true, description: 'the event that fails a check; null when it was deleted' })
  id: number | null;
  @TextProperty({ description: 'the chain (`checkpoints` when a checkpoint itself fails)' })
  chain: string;
  @IntProperty()
  seq: number;
  @TextProperty({ description: 'the code of the check that fails (AUDIT_*, CHECKPOINT_*)' })
  code: string;
  @TextProperty({ description: 'what fails, in your language' })
  reason: string;
  @IntProperty({ required: false })
  checkpointId?: number;
  @IntProperty({ required: false })
  transitionId?: number;
}

export class VerifyResultView {
  @ApiProperty({ description: 'true: every chain, checkpoint and transition row checks out' })
  ok: boolean;
  @ApiProperty({
    enum: VERIFY_MODES,
    description:
      "full: every event from the first; routine: what came after each chain's last signed checkpoint",
  })
  mode: VerifyMode;
  @IntProperty({ description: 'events checked' })
  checked: number;
  @IntProperty({ description: 'signed checkpoints checked' })
  checkpoints: number;
  @IntProperty({ description: 'transition rows matched to their events' })
  transitions: number;
  @ApiProperty({ type: () => BrokenAtView, required: false, description: 'where the first break is' })
  brokenAt?: BrokenAtView;
}

export class CheckpointView {
  @IntProperty()
  id: number;
  @TimestampProperty()
  at: string;
  @IntProperty()
  format: number;
  @TextProperty({ pattern: HEX64, description: "the previous checkpoint's digest (zeros for the first)" })
  prevDigest: string;
  @IntProperty()
  lastEventId: number;
  @IntProperty()
  legacyMaxEventId: number;
  @IntProperty()
  headCount: number;
  @TextProperty({ pattern: HEX64, description: 'SHA-256 of the signed content' })
  digest: string;
  @TextProperty({ example: 'ed25519' })
  alg: string;
  @TextProperty({ description: "the signing key's fingerprint" })
  keyId: string;
  @ApiProperty({ type: String, format: 'byte', description: 'base64 signature of the digest' })
  signature: string;
}

export class ExportedCheckpointView extends CheckpointView {
  @ApiProperty({
    type: 'array',
    description: 'the chain heads it seals: [chain, seq, hash]',
    items: {
      type: 'array',
      minItems: 3,
      maxItems: 3,
      items: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    },
    example: [['d:1', 12, '3f…']],
  })
  heads: Array<[string, number, string]>;
}

export class MacKeysView {
  @TextProperty({ example: 'hmac-sha256' })
  alg: string;
  @TextProperty({ description: 'the id of the key in use (never the key)' })
  current: string;
  @ApiProperty({ type: [String], description: 'ids of older keys still used to verify' })
  retired: string[];
}

export class SigningKeyView {
  @TextProperty()
  keyId: string;
  @TextProperty({ example: 'ed25519' })
  alg: string;
  @ApiProperty()
  current: boolean;
  @TextProperty({ description: 'PEM' })
  publicKey: string;
}

export class AuditKeysView {
  @ApiProperty({ type: () => MacKeysView })
  mac: MacKeysView;
  @ApiProperty({ type: () => [SigningKeyView] })
  signing: SigningKeyView[];
}

export class CheckpointsCreated {
  @ApiProperty({ type: () => [CheckpointView] })
  checkpoints: CheckpointView[];
}

export class CheckpointExportView {
  @IntProperty()
  format: number;
  @ApiProperty({ type: () => AuditKeysView })
  keys: AuditKeysView;
  @ApiProperty({ type: () => [ExportedCheckpointView], description: 'oldest first' })
  checkpoints: ExportedCheckpointView[];
  @IntProperty({ nullable: true, description: '`after` for the next page; null at the end' })
  nextAfter: number | null;
}

export class IndicatorHistoryEntryView {
  @IntProperty({ description: 'the audit event' })
  id: number;
  @TimestampProperty()
  at: string;
  @ApiProperty({ type: () => ActorView })
  actor: ActorView;
  @TextProperty()
  role: string;
  @TextProperty({ example: 'indicator.updated' })
  action: string;
  @EnumProperty(DECLARATION_STATES, { nullable: true })
  state: string | null;
  @ApiProperty({ type: () => [FieldDiff] })
  changes: FieldDiff[];
  @TextProperty({ nullable: true, description: 'why it was changed' })
  reason: string | null;
  @TextProperty({ readOnly: true, example: '填报人' })
  roleLabel: string;
  @TextProperty({ readOnly: true, example: '修改指标' })
  actionLabel: string;
  @TextProperty({ readOnly: true, nullable: true, example: '编制中' })
  stateLabel: string | null;
  @TextProperty({ readOnly: true, example: '年度指标值：≥95.00(%) → ≥98.00(%)' })
  changesText: string;
}
