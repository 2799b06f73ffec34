import { Injectable } from '@nestjs/common';
import { applyDeclarationScope } from '../auth/scope';
import type { RequestContext } from '../common/request-context';
import { Declaration } from '../declarations/declaration.entity';
import { stateWord } from '../reports/reports.messages';
import { Department } from '../auth/department.entity';
import { ReportService } from '../reports/report.service';
import { MonitoringReport } from './monitoring-report.entity';
import type { Light, MonitoringResult } from './monitoring-rules';
import { lightWord, worstView, type StoredMonitoring, type WorstIndicator } from './monitoring-view';
import { MONITORING_REPORT, NO_LIGHT } from './monitoring.report';

/**
 * The mid-year monitoring report (绩效运行监控, docs/spec/domain.md §5): read, save, findings and
 * the form as ReportService does them for every report (monitoring.report.ts says how), and
 * the bureau's year overview.
 */
@Injectable()
export class MonitoringService extends ReportService<StoredMonitoring, MonitoringResult, MonitoringReport> {
  protected readonly kind = MONITORING_REPORT;

  /**
   * The bureau's year overview: per declaration in the caller's scope that is in monitoring or
   * has a report, its budget light, red/yellow counts and worst indicators, as stored at the
   * last save; one query (declarations ⟕ monitoring_reports ⟕ departments). Totals and the
   * per-department roll-up are summed from the same rows.
   */
  summary(ctx: RequestContext, year: number) {
    return this.db.read(async (em) => {
      const qb = em
        .createQueryBuilder(Declaration, 'd')
        .leftJoin(MonitoringReport, 'r', 'r.declaration_id = d.id')
        .leftJoin(Department, 'dep', 'dep.id = d.department_id')
        .select('d.id', 'declarationId')
        .addSelect('d.project_name', 'projectName')
        .addSelect('d.department_id', 'departmentId')
        .addSelect('dep.name', 'departmentName')
        .addSelect('d.state', 'state')
        .addSelect('r.declaration_id', 'reportId')
        .addSelect('r.budget_light', 'budgetLight')
        .addSelect('r.red_count', 'red')
        .addSelect('r.yellow_count', 'yellow')
        .addSelect('r.worst', 'worst')
        .addSelect('r.updated_at', 'updatedAt')
        .where('d.year = :year', { year })
        .andWhere("(r.declaration_id IS NOT NULL OR d.state LIKE 'monitoring.%')");
      const rows = await applyDeclarationScope(qb, ctx.user)
        .orderBy('d.department_id', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .getRawMany<SummaryRow>();
      const items = rows.map((r) => {
        const reported = r.reportId !== null && r.reportId !== undefined;
        const light = reported && r.budgetLight !== NO_LIGHT ? (r.budgetLight as Light) : null;
        return {
          declarationId: Number(r.declarationId),
          projectName: r.projectName,
          departmentId: Number(r.departmentId),
          departmentName: r.departmentName,
          state: r.state,
          stateLabel: stateWord(r.state, ctx.lang),
          reported,
          updatedAt: r.updatedAt ?? null,
          budgetLight: light,
          budgetLightLabel: lightWord(light, ctx.lang),
          red: reported ? Number(r.red) : 0,
          yellow: reported ? Number(r.yellow) : 0,
          worst: reported ? worstView(JSON.parse(r.worst as string) as WorstIndicator[], ctx.lang) : [],
        };
      });
      type Item = (typeof items)[number];
      const rollUp = (list: Item[]) => ({
        declarations: list.length,
        reported: list.filter((i) => i.reported).length,
        budgetLights: {
          red: list.filter((i) => i.budgetLight === 'red').length,
          yellow: list.filter((i) => i.budgetLight === 'yellow').length,
          green: list.filter((i) => i.budgetLight === 'green').length,
          none: list.filter((i) => i.budgetLight === null).length,
        },
        red: list.reduce((s, i) => s + i.red, 0),
        yellow: list.reduce((s, i) => s + i.yellow, 0),
      });
      const departmentIds = [...new Set(items.map((i) => i.departmentId))];
      return {
        year,
        items,
        departments: departmentIds.map((departmentId) => {
          const list = items.filter((i) => i.departmentId === departmentId);
          return { departmentId, departmentName: list[0].departmentName, ...rollUp(list) };
        }),
        totals: rollUp(items),
      };
    });
  }
}

interface SummaryRow {
  declarationId: number | string;
  projectName: string | null;
  departmentId: number | string;
  departmentName: string | null;
  state: string;
  reportId: number | string | null;
  budgetLight: string | null;
  red: number | string | null;
  yellow: number | string | null;
  worst: string | null;
  updatedAt: string | null;
}
