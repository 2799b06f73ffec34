import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditKeyring } from './audit-keys';

/**
 * The audit trail's keys and signed checkpoints, registered with the features (src/features.ts);
 * its read side is the audit log (src/audit-log/audit-log.providers.ts).
 */
export const AUDIT_PROVIDERS: Provider[] = [
  // The audit keys live outside the database: from the environment, or a development key file.
  { provide: AuditKeyring, useFactory: (c: AppConfig) => AuditKeyring.fromConfig(c), inject: [APP_CONFIG] },
  AuditCheckpoints,
];
