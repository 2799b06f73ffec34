import { Injectable } from '@nestjs/common';

/**
 * How many events `AuditService.recordMany` writes per statement. A provider, so a test gives
 * its app smaller batches (to cross statement boundaries with a few events) without a hook in
 * the service: `app.get(AuditWriteBatches).events = 2`.
 */
@Injectable()
export class AuditWriteBatches {
  /** Events per statement: 21 parameters each, well under PostgreSQL's 65,535. */
  events = 1000;
}
