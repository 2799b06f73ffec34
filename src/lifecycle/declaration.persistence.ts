/**
 * A declaration's workflow state in and out of storage: the snapshot of a new declaration, what
 * the row stores (state column, context, machine version), and the rebuilding of a snapshot
 * from a stored one, migrated from the machine version that wrote it.
 */
import { initialTransition } from 'xstate';
import type { StateValue } from 'xstate';
import {
  declarationMachine,
  isDeclarationState,
  requireLeaf,
  stateToString,
  stateValueToString,
  type DeclarationContext,
  type DeclarationSnapshot,
  type DeclarationState,
} from './declaration.machine';

/** Bump when states are renamed or the context changes shape, and add a `migrations` entry. */
export const MACHINE_VERSION = 1;

function stateStringToValue(state: string): StateValue {
  const [head, ...rest] = state.split('.');
  return rest.length === 0 ? head : { [head]: stateStringToValue(rest.join('.')) };
}

function parseContext(state: string, raw: unknown): DeclarationContext {
  const origin = (raw as { adjustmentOrigin?: unknown } | null | undefined)?.adjustmentOrigin ?? null;
  if (origin !== null && origin !== 'approved' && origin !== 'monitored') {
    throw new Error(`invalid adjustmentOrigin ${JSON.stringify(origin)}`);
  }
  const inAdjustment = state.startsWith('adjustment.');
  if (inAdjustment && origin === null) {
    throw new Error(`state ${state} needs context.adjustmentOrigin ('approved' or 'monitored')`);
  }
  return { adjustmentOrigin: inAdjustment ? origin : null };
}

/** The initial snapshot of a new declaration (`drafting`). */
export function initialSnapshot(): DeclarationSnapshot {
  return initialTransition(declarationMachine)[0];
}

/** A snapshot for a dotted state and its context, via `machine.resolveState`. */
export function snapshotOf(state: string, context?: Partial<DeclarationContext>): DeclarationSnapshot {
  requireLeaf(state);
  return declarationMachine.resolveState({
    value: stateStringToValue(state),
    context: parseContext(state, context),
  });
}

/** What the service stores: an indexed state column, the context, and the machine version. */
export interface PersistedWorkflow {
  state: DeclarationState;
  context: DeclarationContext;
  machineVersion: number;
}

export function toPersisted(snapshot: DeclarationSnapshot): PersistedWorkflow {
  const state = stateToString(snapshot);
  if (!isDeclarationState(state)) throw new Error(`not a resting state: ${state}`);
  return {
    state,
    context: { adjustmentOrigin: snapshot.context.adjustmentOrigin },
    machineVersion: MACHINE_VERSION,
  };
}

/** A stored workflow state in the shape of the version that wrote it; input and output of a migration. */
export interface StoredWorkflowState {
  state: string;
  context: Record<string, unknown>;
}

/** Upgrades a stored state written by version N to version N + 1. */
export type Migration = (stored: StoredWorkflowState) => StoredWorkflowState;

/** A migration that only renames states (exact dotted names). */
export function renameStates(renames: Readonly<Record<string, string>>): Migration {
  return ({ state, context }) => ({ state: renames[state] ?? state, context });
}

/**
 * Keyed by the version a migration upgrades FROM: `migrations[1]` turns what machine v1
 * stored into what v2 reads. Version 1 is the first machine, so there is nothing yet. When
 * v2 renames a state, set MACHINE_VERSION = 2 and add e.g.
 * `1: renameStates({ 'adjustment.drafting': 'adjustment.editing' })`.
 */
export const migrations: Readonly<Record<number, Migration>> = {};

export interface RestoreOptions {
  /** Defaults to `migrations`; tests pass their own. */
  migrations?: Readonly<Record<number, Migration>>;
  /** Defaults to MACHINE_VERSION; tests simulate a later machine. */
  currentVersion?: number;
}

function normalizeStored(persisted: unknown): StoredWorkflowState {
  if (typeof persisted === 'string') return { state: persisted, context: {} };
  if (persisted && typeof persisted === 'object') {
    const p = persisted as { state?: unknown; value?: unknown; context?: unknown };
    const context =
      p.context && typeof p.context === 'object' ? { ...(p.context as Record<string, unknown>) } : {};
    if (typeof p.state === 'string') return { state: p.state, context };
    if (p.value !== undefined) return { state: stateValueToString(p.value as StateValue), context };
  }
  throw new Error(
    'cannot restore the workflow state: expected a state string, {state, context} or a snapshot',
  );
}

/**
 * Rebuilds a snapshot from what was stored: a plain state string, `{ state, context }`
 * (the `PersistedWorkflow` row) or a persisted xstate snapshot (`{ value, context, ... }`),
 * written by machine version `machineVersion`. Older versions are migrated step by step; a
 * JSON-parsed snapshot cannot be fed to `transition` directly, so the result always comes
 * from `declarationMachine.resolveState`.
 */
export function restore(
  persisted: unknown,
  machineVersion: number,
  options: RestoreOptions = {},
): DeclarationSnapshot {
  const table = options.migrations ?? migrations;
  const current = options.currentVersion ?? MACHINE_VERSION;
  if (!Number.isInteger(machineVersion) || machineVersion < 1) {
    throw new Error(`invalid machine version ${machineVersion}`);
  }
  if (machineVersion > current) {
    throw new Error(
      `state written by machine version ${machineVersion}, newer than this machine (${current})`,
    );
  }
  let stored = normalizeStored(persisted);
  for (let v = machineVersion; v < current; v++) {
    const migrate = table[v];
    if (!migrate) throw new Error(`no migration from machine version ${v} to ${v + 1}`);
    stored = migrate(stored);
  }
  if (!isDeclarationState(stored.state)) {
    throw new Error(`unknown declaration state "${stored.state}" (machine version ${machineVersion})`);
  }
  return snapshotOf(stored.state, stored.context as Partial<DeclarationContext>);
}
