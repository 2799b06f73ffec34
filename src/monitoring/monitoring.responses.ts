import { ApiProperty } from '@nestjs/swagger';
import {
  Decimal2Property,
  EnumProperty,
  IntProperty,
  TextProperty,
  TimestampProperty,
} from '../common/openapi';
import { FindingView } from '../declarations/declarations.responses';
import {
  BudgetProperties,
  EntryProperties,
  Label,
  ReportEntryIndicator,
  ReportProperties,
  ReportViewHeader,
} from '../reports/report.responses';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import { MONITORING_FIELDS } from './monitoring-fields';

/**
 * The answers of the monitoring routes in the OpenAPI document (issue 13, item 7). `readOnly`
 * marks what the service computes (rates, lights, findings, the words of each code) or takes
 * from the approved version (an entry's name, levels and target): no save sets it.
 */

export const LIGHTS = ['green', 'yellow', 'red'] as const;

export class MonitoringBudgetView extends BudgetProperties(MONITORING_FIELDS) {}

/** An entry: its indicator, its fields (monitoring-fields.ts), what the rules computed. */
export class MonitoringEntryView extends EntryProperties(
  ReportEntryIndicator('null for an indicator not in the approved version'),
  MONITORING_FIELDS,
) {
  @ApiProperty({
    type: Boolean,
    nullable: true,
    readOnly: true,
    description: 'the forecast misses the target',
  })
  deviation: boolean | null;
  @EnumProperty(LIGHTS, { nullable: true, readOnly: true })
  light: string | null;
  @Label('the light')
  lightLabel: string | null;
}

export class LightCounts {
  @IntProperty()
  red: number;
  @IntProperty()
  yellow: number;
  @IntProperty()
  green: number;
  @IntProperty({ description: 'entries without a light' })
  unknown: number;
}

export class WorstIndicatorView {
  @IntProperty()
  indicatorId: number;
  @TextProperty()
  name: string;
  @EnumProperty(LIGHTS)
  light: string;
  @Label('the light', false)
  lightLabel: string;
}

export class MonitoringView extends ReportProperties(
  ReportViewHeader({
    approvedVersion: 'the approved version the report is about',
    saved: 'false: nothing saved yet (a blank report)',
  }),
  MONITORING_FIELDS,
  () => MonitoringBudgetView,
) {
  @Decimal2Property({ nullable: true, readOnly: true, description: '执行率, percent' })
  executionRate: string | null;
  @Decimal2Property({ readOnly: true, description: '时间进度, percent' })
  timeProgress: string;
  @Decimal2Property({ nullable: true, readOnly: true, description: 'executionRate / timeProgress × 100' })
  ratio: string | null;
  @EnumProperty(LIGHTS, { nullable: true, readOnly: true })
  budgetLight: string | null;
  @Label('the budget light')
  budgetLightLabel: string | null;
  @ApiProperty({ type: () => [MonitoringEntryView] })
  entries: MonitoringEntryView[];
  @ApiProperty({ type: () => LightCounts, readOnly: true })
  lights: LightCounts;
  @ApiProperty({ type: () => [WorstIndicatorView], readOnly: true })
  worst: WorstIndicatorView[];
  @ApiProperty({ type: () => [FindingView], readOnly: true })
  findings: FindingView[];
}

export class SummaryItem {
  @IntProperty()
  declarationId: number;
  @TextProperty({ nullable: true })
  projectName: string | null;
  @IntProperty()
  departmentId: number;
  @TextProperty({ nullable: true })
  departmentName: string | null;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @Label('the state', false)
  stateLabel: string;
  @ApiProperty({ description: 'a report was saved' })
  reported: boolean;
  @TimestampProperty({ nullable: true })
  updatedAt: string | null;
  @EnumProperty(LIGHTS, { nullable: true })
  budgetLight: string | null;
  @Label('the budget light')
  budgetLightLabel: string | null;
  @IntProperty()
  red: number;
  @IntProperty()
  yellow: number;
  @ApiProperty({ type: () => [WorstIndicatorView] })
  worst: WorstIndicatorView[];
}

export class BudgetLightCounts {
  @IntProperty()
  red: number;
  @IntProperty()
  yellow: number;
  @IntProperty()
  green: number;
  @IntProperty({ description: 'without a budget light' })
  none: number;
}

export class SummaryRollUp {
  @IntProperty()
  declarations: number;
  @IntProperty()
  reported: number;
  @ApiProperty({ type: () => BudgetLightCounts })
  budgetLights: BudgetLightCounts;
  @IntProperty({ description: 'red indicators' })
  red: number;
  @IntProperty({ description: 'yellow indicators' })
  yellow: number;
}

export class SummaryDepartment extends SummaryRollUp {
  @IntProperty()
  departmentId: number;
  @TextProperty({ nullable: true })
  departmentName: string | null;
}

export class MonitoringSummaryView {
  @IntProperty()
  year: number;
  @ApiProperty({ type: () => [SummaryItem] })
  items: SummaryItem[];
  @ApiProperty({ type: () => [SummaryDepartment] })
  departments: SummaryDepartment[];
  @ApiProperty({ type: () => SummaryRollUp })
  totals: SummaryRollUp;
}
