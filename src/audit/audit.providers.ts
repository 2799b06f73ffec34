import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditCsvExport } from './audit-csv.service';
import { AuditKeyring } from './audit-keys';
import { AuditQueryService } from './audit-query.service';
import { AuditReadBatches } from './audit-read-batches';
import { AuditScope } from './audit-scope';
import { AuditVerifier } from './audit-verify.service';

/** The audit trail's read side and keys, registered with the features (src/features.ts). */
export const AUDIT_PROVIDERS: Provider[] = [
  // The audit keys live outside the database: from the environment, or a development key file.
  { provide: AuditKeyring, useFactory: (c: AppConfig) => AuditKeyring.fromConfig(c), inject: [APP_CONFIG] },
  AuditCheckpoints,
  AuditReadBatches,
  AuditScope,
  AuditQueryService,
  AuditCsvExport,
  AuditVerifier,
];
