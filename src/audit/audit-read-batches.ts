import { Injectable } from '@nestjs/common';

/**
 * How many rows the audit read side takes per query: memory stays at one batch whatever the
 * size of the log. A provider, so a test gives its app smaller batches (to cross batch
 * boundaries with a few events) without a hook in the services.
 */
@Injectable()
export class AuditReadBatches {
  /** Rows per query of the SQLite CSV export (PostgreSQL streams COPY). */
  csv = 5000;
  /** Rows per query of verify: few round trips, one batch of rows in memory. */
  verify = 10_000;
}
