import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty } from '../common/openapi';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';

/** The answers of the next-year routes in the OpenAPI document. */

export class LineageLinkView {
  @IntProperty()
  id: number;
  @IntProperty({ example: 2026 })
  year: number;
  @TextProperty({ nullable: true, description: '项目名称' })
  projectName: string | null;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @TextProperty({ readOnly: true, example: '已批复', description: 'the state in your language' })
  stateLabel: string;
}

export class LineageView {
  @ApiProperty({
    type: () => LineageLinkView,
    nullable: true,
    description:
      'the declaration of the year before that this one was made from (null: none, or not in your scope)',
  })
  previous: LineageLinkView | null;
  @ApiProperty({
    type: () => LineageLinkView,
    nullable: true,
    description: "next year's declaration made from this one (null: none yet)",
  })
  next: LineageLinkView | null;
}
