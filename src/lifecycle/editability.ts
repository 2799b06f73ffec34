import { DECLARATION_STATES, editingPhase } from './declaration.machine';
import { WorkflowErrors, type EditablePart } from './lifecycle.messages';

export type { EditablePart };

/**
 * What may be edited in which state (docs/spec/workflow.md): header, funds, goals and indicators in
 * `drafting`; goals, funds and indicators in `adjustment.drafting`; the monitoring report in
 * `monitoring.reporting`; the evaluation in `evaluation.reporting`. The one place that says
 * so; every write checks it and answers 409 naming the state.
 */
const PARTS_BY_PHASE: Record<string, readonly EditablePart[]> = {
  // The pre-assessment (事前绩效评估) is recorded before the project's first approval only.
  declaration: ['header', 'funds', 'goals', 'indicators', 'preAssessment'],
  adjustment: ['funds', 'goals', 'indicators'],
  monitoring: ['monitoring'],
  evaluation: ['evaluation'],
};

export function isEditable(state: string, part: EditablePart): boolean {
  const phase = editingPhase(state);
  return phase !== null && PARTS_BY_PHASE[phase].includes(part);
}

/** The states in which a part may be written, for the refusal to say where it can be. */
export function editableIn(part: EditablePart): string[] {
  return DECLARATION_STATES.filter((s) => isEditable(s, part));
}

/** 409 DECLARATION_STATE_NOT_EDITABLE naming the state and where the part can be changed. */
export function assertEditable(state: string, part: EditablePart): void {
  if (!isEditable(state, part)) {
    throw WorkflowErrors.DECLARATION_STATE_NOT_EDITABLE(
      { state, part, editableIn: editableIn(part) },
      { state },
    );
  }
}
