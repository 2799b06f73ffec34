import type { Provider, Type } from '@nestjs/common';
import { DeclarationAccess } from './declarations/declaration-access';
import { DeclarationsController } from './declarations/declarations.controller';
import { DeclarationsService } from './declarations/declarations.service';
import { QueuesService } from './queues/queues.service';
import { OpenYearService } from './workflow/open-year.service';
import { PhaseFindings } from './workflow/phase-findings';
import { VersionsService } from './workflow/versions.service';
import { WorkflowController } from './workflow/workflow.controller';
import { WorkflowService } from './workflow/workflow.service';

/** The business features' controllers and services, registered in AppModule. */
export const FEATURE_CONTROLLERS: Type[] = [DeclarationsController, WorkflowController];
export const FEATURE_PROVIDERS: Provider[] = [
  DeclarationAccess,
  DeclarationsService,
  PhaseFindings,
  WorkflowService,
  VersionsService,
  QueuesService,
  OpenYearService,
];
