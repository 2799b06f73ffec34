import type { AppConfig } from '../../config/defaults';
import type { Lang } from '../common/i18n';
import type { ApprovedTargets } from '../declarations/approved-targets';
import type { Finding } from '../declarations/declaration-content';
import type { AuditAction } from '../audit/audit-actions';
import type { Declaration } from '../declarations/declaration.entity';

/** What every report row holds besides what its kind computes (monitoring_reports, evaluation_reports). */
export interface ReportRow {
  declarationId: number;
  /** The report as saved (JSON; money as strings). */
  data: string;
  updatedBy: number;
  updatedAt: string;
}

/** Who saved the report last; `saved` false before the first save (a blank report). */
export interface ReportMeta {
  saved: boolean;
  updatedAt: string | null;
  updatedBy: number | null;
}

/** The 填报人 / 填报日期 line of a printed form. */
export interface FormFooter {
  preparedBy?: string;
  preparedAt?: string;
}

/**
 * One kind of report (monitoring, evaluation), as ReportService drives it: where it is stored,
 * its body's top level, how a body becomes the stored report, what its rules compute, and how
 * it is shown and printed. `Stored` is the JSON of the row's `data`; `Result` what the kind's
 * pure rules compute from it (scores or lights, and the findings).
 */
export interface ReportKind<Stored, Result extends { findings: Finding[] }, Row extends ReportRow> {
  /** The phase the report belongs to (`<name>.reporting` is where it is edited). */
  name: 'monitoring' | 'evaluation';
  /** The row's entity class. */
  entity: new () => Row;
  /** The audit record's action and entity type of a save. */
  audit: { action: AuditAction & `${string}.saved`; entityType: string };
  /** The body's top level besides `version`: the text field and the keys the rules check. */
  envelope: { textField: string; payloadKeys: readonly string[] };
  maxTextLength(config: AppConfig): number;
  /** The report before the first save. */
  blank(approved: ApprovedTargets, config: AppConfig): Stored;
  /** A PUT: the body's payload (checked against the approved indicators) replaces the report. */
  replace(
    payload: Record<string, unknown>,
    text: string | null,
    approved: ApprovedTargets,
    config: AppConfig,
  ): Stored;
  /** A PATCH: only what the payload sends changes the stored report. */
  merge(
    stored: Stored,
    payload: Record<string, unknown>,
    text: string | null | undefined,
    approved: ApprovedTargets,
    config: AppConfig,
  ): Stored;
  compute(approved: ApprovedTargets, data: Stored, config: AppConfig, lang?: Lang): Result;
  /** What the row keeps of the result, for lists and overviews (stored beside `data`). */
  columns(approved: ApprovedTargets, result: Result): Omit<Row, keyof ReportRow>;
  /** The report as flat fields for the audit record: `entries[<indicatorId>].forecast`. */
  flatten(data: Stored): Record<string, unknown>;
  /** The row's computed columns the audit record shows beside the report's fields. */
  auditedColumns(row: Row): Record<string, unknown>;
  /** The API answer. */
  view(
    d: Declaration,
    approved: ApprovedTargets,
    data: Stored,
    result: Result,
    meta: ReportMeta,
    config: AppConfig,
    lang: Lang,
  ): unknown;
  /** The printed form as a workbook. */
  workbook(
    d: Declaration,
    approved: ApprovedTargets,
    data: Stored,
    result: Result,
    config: AppConfig,
    footer: FormFooter,
  ): Promise<Buffer>;
}
