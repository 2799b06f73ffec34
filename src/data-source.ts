import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/defaults';
import { InitialSchema1764230400000 } from '../migrations/1764230400000-initial-schema';
import { QueueIndex1764316800000 } from '../migrations/1764316800000-queue-index';
import { KeyedAudit1764450000000 } from '../migrations/1764450000000-keyed-audit';
import { QueueYear1764612000000 } from '../migrations/1764612000000-queue-year';
import { ReviewComments1764850000000 } from '../migrations/1764850000000-review-comments';
import { QueueFilters1765000000000 } from '../migrations/1765000000000-queue-filters';
import { Notifications1765100000000 } from '../migrations/1765100000000-notifications';
import { Lineage1765150000000 } from '../migrations/1765150000000-lineage';
import { Delegations1765200000000 } from '../migrations/1765200000000-delegations';
import { IndicatorLibrary1765300000000 } from '../migrations/1765300000000-indicator-library';
import { LibrarySeed1765300000001 } from '../migrations/1765300000001-library-seed';
import { LibraryEntry, LibraryProposal } from './library/library.entities';
import { WorkCalendars1765800000000 } from '../migrations/1765800000000-work-calendars';
import { Publications1765500000000 } from '../migrations/1765500000000-publications';
import { PreAssessments1765600000000 } from '../migrations/1765600000000-pre-assessments';
import { ScoredReview1765400000000 } from '../migrations/1765400000000-scored-review';
import { Rectification1765700000000 } from '../migrations/1765700000000-rectification';
import { AuditChain } from './audit/audit-chain.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { dataSourceOptions } from './database/data-source-options';
import { CommentEntry, CommentReturn, CommentThread } from './comments/comment.entities';
import { Delegation } from './delegations/delegation.entity';
import { Declaration } from './declarations/declaration.entity';
import { Indicator } from './declarations/indicator.entity';
import { EvaluationReport } from './evaluation/evaluation-report.entity';
import { MonitoringReport } from './monitoring/monitoring-report.entity';
import {
  Notification,
  NotificationDelivery,
  NotificationReminder,
} from './notifications/notification.entity';
import { Department } from './auth/department.entity';
import { User } from './auth/user.entity';
import { DeclarationTransition } from './workflow/declaration-transition.entity';
import { DeclarationVersion } from './declarations/declaration-version.entity';
import { QueueFilter } from './queues/queue-filter.entity';
import { WorkCalendarRow } from './calendar/work-calendar.entity';
import { Publication } from './publication/publication.entity';
import {
  PreAssessment,
  PreAssessmentAttachment,
  PreAssessmentVersion,
} from './pre-assessments/pre-assessment.entities';
import { RectificationAttachment, RectificationItem } from './rectification/rectification-item.entity';

// The composition root's list of tables: the modules own their entities, and src/database
// (which every module uses) must not import them back.
export const ENTITIES = [
  Department,
  User,
  Declaration,
  Indicator,
  DeclarationTransition,
  Delegation,
  DeclarationVersion,
  MonitoringReport,
  EvaluationReport,
  AuditEvent,
  AuditChain,
  Notification,
  NotificationDelivery,
  NotificationReminder,
  QueueFilter,
  CommentThread,
  CommentEntry,
  CommentReturn,
  LibraryEntry,
  LibraryProposal,
  WorkCalendarRow,
  Publication,
  PreAssessment,
  PreAssessmentAttachment,
  PreAssessmentVersion,
  RectificationItem,
  RectificationAttachment,
];

/** Listed, not globbed: the same list works from sources (Jest) and from dist/. */
export const MIGRATIONS = [
  InitialSchema1764230400000,
  QueueIndex1764316800000,
  KeyedAudit1764450000000,
  QueueYear1764612000000,
  ReviewComments1764850000000,
  QueueFilters1765000000000,
  Notifications1765100000000,
  Lineage1765150000000,
  Delegations1765200000000,
  IndicatorLibrary1765300000000,
  LibrarySeed1765300000001,
  ScoredReview1765400000000,
  Publications1765500000000,
  PreAssessments1765600000000,
  Rectification1765700000000,
  WorkCalendars1765800000000,
];

/** The service's data source options: PostgreSQL when DATABASE_URL is set, else SQLite. */
export function buildDataSourceOptions(
  cfg: Pick<AppConfig, 'databaseUrl' | 'databasePath' | 'databaseTimeoutMs' | 'databasePoolSize'>,
): DataSourceOptions {
  return dataSourceOptions(cfg, { entities: ENTITIES, migrations: MIGRATIONS });
}
