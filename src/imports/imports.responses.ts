import { ApiProperty } from '@nestjs/swagger';
import { IntProperty, MoneyProperty, TextProperty } from '../common/openapi';
import { FindingView } from '../declarations/declarations.responses';

/** The answer of the import route in the OpenAPI document (issue 13, item 7). */

export class ImportedDeclaration {
  @TextProperty({ nullable: true, description: '项目名称' })
  projectName: string | null;
  @IntProperty({ example: 2026 })
  year: number;
  @IntProperty({ nullable: true, description: 'the line of the summary table where the project starts' })
  startLine: number | null;
  @IntProperty()
  indicatorCount: number;
  @MoneyProperty({ nullable: true, description: '年度资金申请总额' })
  annualRequest: string | null;
  @ApiProperty({ type: () => [FindingView] })
  findings: FindingView[];
  @IntProperty({ required: false, description: 'the new declaration (not with dryRun)' })
  id?: number;
}

export class ImportResult {
  @ApiProperty({ description: 'true: nothing was created' })
  dryRun: boolean;
  @ApiProperty({ type: () => [ImportedDeclaration], description: 'in the order of the table' })
  declarations: ImportedDeclaration[];
  @IntProperty({ description: 'how many declarations were created (0 with dryRun)' })
  created: number;
}
