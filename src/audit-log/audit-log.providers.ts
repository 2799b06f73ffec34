import type { Provider } from '@nestjs/common';
import { AuditCsvExport } from './audit-csv.service';
import { AuditQueryService } from './audit-query.service';
import { AuditReadBatches } from './audit-read-batches';
import { AuditScope } from './audit-scope';
import { AuditVerifier } from './audit-verify.service';

/** The audit log's services (list, history, CSV, verify), registered with the features (src/features.ts). */
export const AUDIT_LOG_PROVIDERS: Provider[] = [
  AuditReadBatches,
  AuditScope,
  AuditQueryService,
  AuditCsvExport,
  AuditVerifier,
];
