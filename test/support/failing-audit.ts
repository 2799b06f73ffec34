import { Injectable, type Provider } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import {
  AuditService,
  type AuditActor,
  type AuditRecord,
  type RecordOptions,
} from '../../src/audit/audit.service';
import type { AuditEvent } from '../../src/audit/audit-event.entity';

/**
 * The audit service with a switch: the next write fails with the error given. A failure
 * forced here shows that the change around it rolls back whole (the change and its record
 * commit together or not at all). Put in place of the real one by `FAILING_AUDIT`.
 */
@Injectable()
export class FailingAudit extends AuditService {
  private next: Error | null = null;

  /** The next `record`/`recordMany`/`recordGrouped` throws `err` (once). */
  failNextWrite(err: Error | null): void {
    this.next = err;
  }

  override recordMany(actor: AuditActor, recs: AuditRecord[], opts?: RecordOptions): Promise<AuditEvent[]> {
    const err = this.next;
    this.next = null;
    if (err) return Promise.reject(err);
    return super.recordMany(actor, recs, opts);
  }

  override recordGrouped(actor: AuditActor, rec: AuditRecord): Promise<AuditEvent> {
    const err = this.next;
    this.next = null;
    if (err) return Promise.reject(err);
    return super.recordGrouped(actor, rec);
  }
}

/** The provider override: `startTestApp(env, undefined, [FAILING_AUDIT])`. */
export const FAILING_AUDIT: Provider = { provide: AuditService, useClass: FailingAudit };

/** The switch of an app started with `FAILING_AUDIT`. */
export function failingAudit(app: Pick<INestApplicationContext, 'get'>): FailingAudit {
  const audit = app.get(AuditService);
  if (!(audit instanceof FailingAudit)) throw new Error('the app was not started with FAILING_AUDIT');
  return audit;
}
