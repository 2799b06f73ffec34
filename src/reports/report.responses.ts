import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, MoneyProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { LEVEL1_CODES, LEVEL2_CODES } from '../declarations/declarations.responses';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import type { ReportFields } from './report-fields';

/**
 * What the answers of both reports share in the OpenAPI document (issue 13, item 7): the top
 * of the answer, the budget's defaulted amounts and an entry's indicator. `readOnly` marks what
 * the service computes or takes from the approved version: no save sets it.
 */

/** The words of a code in the reader's language (docs/reports.md, "Codes and words"). */
export const Label = (description: string, nullable = true) =>
  TextProperty({ nullable, readOnly: true, description: `${description}, in your language` });

/** The top of a report's answer: the declaration, its version, who saved last. */
export function ReportViewHeader(descriptions: { approvedVersion?: string; saved: string }) {
  class ReportHeader {
    @IntProperty({ readOnly: true })
    declarationId: number;
    @IntProperty({ readOnly: true })
    year: number;
    @EnumProperty(DECLARATION_STATES, { readOnly: true })
    state: string;
    @Label('the state', false)
    stateLabel: string;
    @IntProperty({ readOnly: true, description: "the declaration's version: send it with the next save" })
    version: number;
    @IntProperty(
      descriptions.approvedVersion
        ? { readOnly: true, description: descriptions.approvedVersion }
        : { readOnly: true },
    )
    approvedVersion: number;
    @ApiProperty({ readOnly: true, description: descriptions.saved })
    saved: boolean;
    @TimestampProperty({ nullable: true, readOnly: true })
    updatedAt: string | null;
    @IntProperty({ nullable: true, readOnly: true })
    updatedBy: number | null;
  }
  return ReportHeader;
}

/** A class: `Base` with one more property per decorator, in the order given (OpenAPI lists them so). */
export function withProperties<B extends new (...args: any[]) => object>(
  Base: B,
  properties: Iterable<readonly [string, PropertyDecorator]>,
): B {
  class WithProperties extends Base {}
  for (const [key, decorate] of properties) decorate(WithProperties.prototype, key);
  return WithProperties;
}

/** The budget block of the answer: each amount of the field list, defaults applied. */
export const BudgetProperties = (fields: ReportFields) =>
  withProperties(
    class {},
    fields.budget.map((b) => [b.key, MoneyProperty({ nullable: true, description: b.answer })] as const),
  );

/** An entry's properties of the answer after `Base` (its indicator): each field's, in their order. */
export const EntryProperties = <B extends new () => object>(Base: B, fields: ReportFields) =>
  withProperties(
    Base,
    fields.entries.flatMap((f) => Object.entries(f.answer)),
  );

/**
 * The report's own fields at the top of the answer, after `Base` (the header): the head fields,
 * the budget block (`budget`, its class) and the text.
 */
export const ReportProperties = <B extends new () => object>(
  Base: B,
  fields: ReportFields,
  budget: () => new () => object,
) =>
  withProperties(Base, [
    ...fields.head.map((h) => [h.key, h.answer] as const),
    // An arrow written as `type: () => …` is named `type`: that is how @nestjs/swagger tells a lazy type from a class.
    ['budget', ApiProperty({ type: () => budget() })],
    [fields.text.key, TextProperty({ nullable: true, description: fields.text.answer })],
  ]);

/** An entry's indicator, as the approved version has it (reports/report-view.ts indicatorView). */
export function ReportEntryIndicator(nameDescription?: string) {
  class EntryIndicator {
    @IntProperty({ description: 'the approved indicator the entry is about' })
    indicatorId: number;
    @TextProperty(
      nameDescription
        ? { nullable: true, readOnly: true, description: nameDescription }
        : { nullable: true, readOnly: true },
    )
    name: string | null;
    @EnumProperty(LEVEL1_CODES, { nullable: true, readOnly: true })
    level1: string | null;
    @Label('一级指标')
    level1Label: string | null;
    @EnumProperty(LEVEL2_CODES, { nullable: true, readOnly: true })
    level2: string | null;
    @Label('二级指标')
    level2Label: string | null;
    @TextProperty({ nullable: true, readOnly: true, description: 'the approved target as written' })
    target: string | null;
  }
  return EntryIndicator;
}
