import type { Provider, Type } from '@nestjs/common';
import type { AppConfig } from '../config/defaults';
import { CommentsController } from './comments/comments.controller';
import { CommentsService } from './comments/comments.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { EvaluationController } from './evaluation/evaluation.controller';
import { EvaluationService } from './evaluation/evaluation.service';
import { MonitoringController } from './monitoring/monitoring.controller';
import { MonitoringService } from './monitoring/monitoring.service';
import { DECLARATION_ACTIONS } from './declarations/declaration-actions';
import { DeclarationAccess } from './declarations/declaration-access';
import { DeclarationsController } from './declarations/declarations.controller';
import { DeclarationsService } from './declarations/declarations.service';
import { ExportsController } from './exports/exports.controller';
import { ExportsService } from './exports/exports.service';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { QueueItemFacts } from './declarations/item-facts';
import { QueuesController } from './queues/queues.controller';
import { QueuesService } from './queues/queues.service';
import { QueueFiltersService } from './queues/queue-filters.service';
import { RECTIFICATION_COUNTS } from './queues/rectification-counts';
import { DelegationLookup } from './delegations/delegation-lookup';
import { DelegationsController } from './delegations/delegations.controller';
import { DelegationsService } from './delegations/delegations.service';
import { NextYearController } from './next-year/next-year.controller';
import { PreAssessmentsController } from './pre-assessments/pre-assessments.controller';
import { PreAssessmentsService } from './pre-assessments/pre-assessments.service';
import { NextYearService } from './next-year/next-year.service';
import { TargetHistoryLoader } from './next-year/target-history.source';
import { ReferenceController } from './reference/reference.controller';
import { LIBRARY_LINKS } from './declarations/library-links';
import { LibraryController } from './library/library.controller';
import { LibraryLineageService } from './library/library-lineage.service';
import { LibraryService } from './library/library.service';
import { RectificationController } from './rectification/rectification.controller';
import { RectificationService } from './rectification/rectification.service';
import { PublicationController, PublicTargetsController } from './publication/publication.controller';
import { PublicationService } from './publication/publication.service';
import { PublicRateLimitGuard } from './publication/public-rate-limit';
import { OpenYearService } from './workflow/open-year.service';
import { PhaseFindings } from './declarations/phase-findings';
import { TransitionHooks } from './workflow/transition-hooks';
import { TransitionHistoryService } from './workflow/transition-history.service';
import { VersionsService } from './workflow/versions.service';
import { WorkflowController } from './workflow/workflow.controller';
import { WorkflowService } from './workflow/workflow.service';
import { AuditController } from './audit-log/audit-log.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { NOTIFICATION_PROVIDERS } from './notifications/notifications.providers';
import { AUDIT_LOG_PROVIDERS } from './audit-log/audit-log.providers';
import { AUDIT_PROVIDERS } from './audit/audit.providers';
import { Cursors } from './common/pagination';
import { APP_CONFIG } from './config/app-config';
import { CalendarController } from './calendar/calendar.controller';
import { WorkCalendars } from './calendar/calendar.service';

/** The business features' controllers and services, registered in AppModule. */
export const FEATURE_CONTROLLERS: Type[] = [
  MonitoringController,
  EvaluationController,
  DeclarationsController,
  WorkflowController,
  QueuesController,
  ReferenceController,
  ImportsController,
  ExportsController,
  AuditController,
  DashboardController,
  CommentsController,
  NotificationsController,
  NextYearController,
  DelegationsController,
  LibraryController,
  RectificationController,
  CalendarController,
  PublicationController,
  PublicTargetsController,
  PreAssessmentsController,
];
export const FEATURE_PROVIDERS: Provider[] = [
  { provide: Cursors, useFactory: (c: AppConfig) => new Cursors(c.jwtSecret), inject: [APP_CONFIG] },
  ...AUDIT_PROVIDERS,
  ...AUDIT_LOG_PROVIDERS,
  MonitoringService,
  EvaluationService,
  DeclarationAccess,
  DeclarationsService,
  ImportsService,
  ExportsService,
  PhaseFindings,
  TransitionHooks,
  WorkflowService,
  QueueFiltersService,
  // The declaration's view asks what the caller may do; the workflow answers (declaration-actions.ts).
  { provide: DECLARATION_ACTIONS, useExisting: WorkflowService },
  VersionsService,
  TransitionHistoryService,
  QueuesService,
  QueueItemFacts,
  OpenYearService,
  DashboardService,
  CommentsService,
  ...NOTIFICATION_PROVIDERS,
  NextYearService,
  TargetHistoryLoader,
  DelegationsService,
  DelegationLookup,
  LibraryService,
  LibraryLineageService,
  // The form checks an indicator's library link; the library answers (declarations/library-links.ts).
  { provide: LIBRARY_LINKS, useExisting: LibraryService },
  RectificationService,
  // The queue's count of open rectification items per row (queues/rectification-counts.ts).
  { provide: RECTIFICATION_COUNTS, useExisting: RectificationService },
  WorkCalendars,
  PublicationService,
  PublicRateLimitGuard,
  PreAssessmentsService,
];
