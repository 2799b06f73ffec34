import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { ROLES } from '../common/roles';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import { ContentDiff } from '../workflow/workflow.responses';
import { COMMENT_ANCHORS, ENTRY_KINDS, THREAD_KINDS, THREAD_STATUSES } from './comments.messages';

/** The answers of the review-comment routes in the OpenAPI document. */

export class CommentPerson {
  @IntProperty()
  id: number;
  @TextProperty({ nullable: true, readOnly: true, description: "the user's display name" })
  displayName: string | null;
}

export class CommentEntryView {
  @IntProperty()
  id: number;
  @EnumProperty(ENTRY_KINDS, { description: 'comment (the first), reply, resolved, reopened' })
  kind: string;
  @TextProperty({ readOnly: true, example: '回复' })
  kindLabel: string;
  @TextProperty({ nullable: true, description: 'what was written (optional with resolved and reopened)' })
  comment: string | null;
  @ApiProperty({ type: () => CommentPerson })
  author: CommentPerson;
  @EnumProperty(ROLES, {
    description: 'the role in which the author wrote: the reviewing role, or submitter',
  })
  role: string;
  @TextProperty({ readOnly: true, example: '单位审核人' })
  roleLabel: string;
  @EnumProperty(DECLARATION_STATES, { description: "the declaration's state when it was written" })
  state: string;
  @TextProperty({ readOnly: true })
  stateLabel: string;
  @TimestampProperty()
  at: string;
}

export class ThreadMayView {
  @ApiProperty({ readOnly: true })
  reply: boolean;
  @ApiProperty({ readOnly: true })
  resolve: boolean;
  @ApiProperty({ readOnly: true })
  reopen: boolean;
}

export class CommentThreadView {
  @IntProperty()
  id: number;
  @EnumProperty(THREAD_KINDS)
  kind: string;
  @EnumProperty(COMMENT_ANCHORS, {
    description: 'a header field, `indicators` (the tree), or `indicator` (one, see indicatorId)',
  })
  anchor: string;
  @IntProperty({ nullable: true, description: 'the indicator, when anchor is `indicator`' })
  indicatorId: number | null;
  @TextProperty({
    readOnly: true,
    example: '三级指标“需求响应及时率”',
    description: 'where it is, in the form’s words (the indicator’s current name)',
  })
  anchorLabel: string;
  @ApiProperty({
    readOnly: true,
    description: 'the indicator has been removed since (the label keeps its name)',
  })
  indicatorRemoved: boolean;
  @EnumProperty(THREAD_STATUSES)
  status: string;
  @TextProperty({ readOnly: true, example: '待解决' })
  statusLabel: string;
  @ApiProperty({
    readOnly: true,
    description:
      'open, and of the current round of review (opened in this phase since the declaration entered it): what a RETURN carries and what blocks SUBMIT when COMMENTS_MUST_BE_RESOLVED',
  })
  currentRound: boolean;
  @EnumProperty(DECLARATION_STATES, { description: 'the review state in which it was opened' })
  openedState: string;
  @TextProperty({ readOnly: true })
  openedStateLabel: string;
  @ApiProperty({ type: () => CommentPerson })
  createdBy: CommentPerson;
  @TimestampProperty()
  createdAt: string;
  @ApiProperty({ type: () => CommentPerson, nullable: true })
  resolvedBy: CommentPerson | null;
  @TimestampProperty({ nullable: true })
  resolvedAt: string | null;
  @TimestampProperty({
    isArray: true,
    readOnly: true,
    description: 'the RETURNs that carried it back while it was open',
  })
  carriedAt: string[];
  @ApiProperty({ type: () => [CommentEntryView], description: 'oldest first' })
  entries: CommentEntryView[];
  @ApiProperty({ type: () => ThreadMayView, readOnly: true, description: 'what you may do on it now' })
  may: ThreadMayView;
}

export class CommentThreadList {
  @ApiProperty({ type: () => [CommentThreadView], description: 'oldest first' })
  items: CommentThreadView[];
  @IntProperty({ readOnly: true })
  openCount: number;
  @ApiProperty({
    readOnly: true,
    description: 'you may open a thread now (you are its reviewer at this stage)',
  })
  mayOpen: boolean;
  @ApiProperty({
    readOnly: true,
    description: 'the setting COMMENTS_MUST_BE_RESOLVED: open threads block SUBMIT',
  })
  mustResolveBeforeSubmit: boolean;
}

export class CarriedThreadView {
  @IntProperty()
  threadId: number;
  @EnumProperty(COMMENT_ANCHORS)
  anchor: string;
  @IntProperty({ nullable: true })
  indicatorId: number | null;
  @TextProperty({ readOnly: true })
  anchorLabel: string;
  @EnumProperty(THREAD_STATUSES, { description: 'its status now' })
  status: string;
  @TextProperty({ readOnly: true })
  statusLabel: string;
}

export class ChangesSinceReturn {
  @TimestampProperty({ nullable: true, description: 'the last RETURN; null: never returned' })
  returnedAt: string | null;
  @ApiProperty({ type: () => CommentPerson, nullable: true })
  returnedBy: CommentPerson | null;
  @EnumProperty(DECLARATION_STATES, { nullable: true, description: 'the review state it was returned from' })
  fromState: string | null;
  @TextProperty({ nullable: true, readOnly: true })
  fromStateLabel: string | null;
  @ApiProperty({
    type: () => [CarriedThreadView],
    description: 'the threads that RETURN carried, with their status now',
  })
  carried: CarriedThreadView[];
  @ApiProperty({
    type: () => ContentDiff,
    nullable: true,
    description:
      'the content as it was returned against the content now (indicators matched by id); null: never returned',
  })
  diff: ContentDiff | null;
}
