import { conflict } from '../common/errors';
import { editingPhase, stateLabel } from './declaration.machine';

/**
 * What may be edited in which state (workflow.md): header, funds, goals and indicators in
 * `drafting`; goals, funds and indicators in `adjustment.drafting`; the monitoring report in
 * `monitoring.reporting`; the evaluation in `evaluation.reporting`. The one place that says
 * so; every write checks it and answers 409 naming the state.
 */
export type EditablePart = 'header' | 'funds' | 'goals' | 'indicators' | 'monitoring' | 'evaluation';

const PARTS_BY_PHASE: Record<string, readonly EditablePart[]> = {
  declaration: ['header', 'funds', 'goals', 'indicators'],
  adjustment: ['funds', 'goals', 'indicators'],
  monitoring: ['monitoring'],
  evaluation: ['evaluation'],
};

export function isEditable(state: string, part: EditablePart): boolean {
  const phase = editingPhase(state);
  return phase !== null && PARTS_BY_PHASE[phase].includes(part);
}

export function assertEditable(state: string, part: EditablePart): void {
  if (!isEditable(state, part)) {
    const what =
      part === 'monitoring'
        ? 'the monitoring report'
        : part === 'evaluation'
          ? 'the self-evaluation'
          : `the ${part}`;
    throw conflict(`${what} cannot be changed in state ${state} (${stateLabel(state)})`, { state });
  }
}
