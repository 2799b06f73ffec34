/** GET /api/workflow/definition: the lifecycle as data, generated from the machine and its rules. */
import type { AnyStateNode } from 'xstate';
import { render, type Lang } from '../common/i18n';
import { eventLabel, stateLabel, type Rating } from './lifecycle.messages';
import {
  allTransitions,
  declarationMachine,
  editingPhase,
  isFinalState,
  leafStateNodes,
  nodePath,
  phaseOf,
  reviewStage,
  stateToString,
  DECLARATION_STATES,
  EVENT_TYPES,
  MACHINE_ID,
  type DeclarationState,
  type Phase,
  type ReviewStage,
  type WorkflowEventType,
} from './declaration.machine';
import { ratingsFor } from './declaration.decisions';
import { initialSnapshot, MACHINE_VERSION } from './declaration.persistence';
import {
  NON_ACTING_ROLES,
  RULES,
  type Relation,
  type Role,
  type Rule,
  type RuleName,
} from './declaration.rules';

export interface WorkflowDefinition {
  machineId: string;
  machineVersion: number;
  initial: DeclarationState;
  states: Array<{
    id: DeclarationState;
    label: string;
    phase: Phase | null;
    editing: Phase | null;
    reviewStage: ReviewStage | null;
    final: boolean;
  }>;
  groups: Array<{ id: string; label: string; states: DeclarationState[] }>;
  events: Array<{
    type: WorkflowEventType;
    label: string;
    allowedIn: DeclarationState[];
    who: Array<{ in: DeclarationState[]; roles: Role[]; relations: Relation[]; requires: string[] }>;
    /** The ratings it may carry (优/良 with APPROVE, 中/差 with RETURN). */
    ratings: Rating[];
  }>;
  transitions: Array<{
    from: DeclarationState;
    event: WorkflowEventType;
    to: DeclarationState;
    fromLabel: string;
    eventLabel: string;
    toLabel: string;
    roles: Role[];
    relations: Relation[];
    requires: string[];
    when?: string;
  }>;
  rules: { nonActingRoles: Role[]; segregationOfDuties: string };
}

function requirements(rule: Rule, lang: Lang): string[] {
  const out: string[] = [];
  if (rule.ownSubmission) out.push(render('WORKFLOW_REQUIRES_OWN_SUBMISSION', {}, lang));
  if (rule.segregation) out.push(render('WORKFLOW_REQUIRES_NOT_SUBMITTER', {}, lang));
  if (rule.comment) out.push(render('WORKFLOW_REQUIRES_COMMENT', {}, lang));
  if (rule.noErrors) out.push(render('WORKFLOW_REQUIRES_NO_ERRORS', {}, lang));
  return out;
}

/** The lifecycle as data, its labels and requirements in `lang` (Chinese unless asked). */
export function workflowDefinition(lang: Lang = 'zh'): WorkflowDefinition {
  const transitions = allTransitions();
  const events = EVENT_TYPES.map((type) => {
    const ofType = transitions.filter((t) => t.event === type);
    const byRule = new Map<RuleName, DeclarationState[]>();
    for (const t of ofType) {
      const states = byRule.get(t.rule) ?? [];
      if (!states.includes(t.from)) states.push(t.from);
      byRule.set(t.rule, states);
    }
    return {
      type,
      label: eventLabel(type, lang),
      allowedIn: [...new Set(ofType.map((t) => t.from))],
      who: [...byRule].map(([name, states]) => ({
        in: states,
        roles: [...RULES[name].roles],
        relations: [...RULES[name].relations],
        requires: requirements(RULES[name], lang),
      })),
      ratings: [...ratingsFor(type)],
    };
  });
  const groups = (Object.values(declarationMachine.root.states) as AnyStateNode[])
    .filter((n) => Object.keys(n.states).length > 0)
    .map((n) => ({
      id: n.key,
      label: stateLabel(n.key, lang),
      states: leafStateNodes(n).map((leaf) => nodePath(leaf) as DeclarationState),
    }));
  return {
    machineId: MACHINE_ID,
    machineVersion: MACHINE_VERSION,
    initial: stateToString(initialSnapshot()) as DeclarationState,
    states: DECLARATION_STATES.map((id) => ({
      id,
      label: stateLabel(id, lang),
      phase: phaseOf(id),
      editing: editingPhase(id),
      reviewStage: reviewStage(id),
      final: isFinalState(id),
    })),
    groups,
    events,
    transitions: transitions.map((t) => ({
      from: t.from,
      event: t.event,
      to: t.to,
      fromLabel: stateLabel(t.from, lang),
      eventLabel: eventLabel(t.event, lang),
      toLabel: stateLabel(t.to, lang),
      roles: [...RULES[t.rule].roles],
      relations: [...RULES[t.rule].relations],
      requires: requirements(RULES[t.rule], lang),
      ...(t.origin ? { when: render('WORKFLOW_WHEN_ORIGIN', { origin: t.origin }, lang) } : {}),
    })),
    rules: {
      nonActingRoles: [...NON_ACTING_ROLES],
      segregationOfDuties: render('WORKFLOW_SEGREGATION_RULE', {}, lang),
    },
  };
}
