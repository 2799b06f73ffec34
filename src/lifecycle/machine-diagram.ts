/**
 * The lifecycle as a Mermaid `stateDiagram-v2`, generated from the machine definition
 * itself (state nodes, their meta labels and their `on` transitions), so the picture in
 * the docs cannot drift from the code. Deterministic: definition order throughout.
 */
import type { AnyStateNode } from 'xstate';
import { declarationMachine, nodePath, transitionsFrom, type StateMeta } from './declaration.machine';

/** Mermaid ids are global, so nested states get their path joined with `_`. */
export function mermaidId(state: string): string {
  return state.replace(/\./g, '_');
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function declareNode(node: AnyStateNode, indent: string, lines: string[]): void {
  const id = mermaidId(nodePath(node));
  const meta = node.meta as StateMeta;
  const kids = children(node);
  if (kids.length === 0) {
    lines.push(`${indent}${id} : ${node.key} ${meta.label}`);
    return;
  }
  // A composite cannot also carry a description in Mermaid, so its label goes in a note.
  lines.push(`${indent}state ${id} {`);
  const initial = node.initial?.target[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${indent}  [*] --> ${mermaidId(nodePath(initial))}`);
  for (const kid of kids) declareNode(kid, `${indent}  `, lines);
  lines.push(`${indent}}`);
  lines.push(`${indent}note right of ${id} : ${meta.label}`);
}

function leaves(node: AnyStateNode): AnyStateNode[] {
  const kids = children(node);
  return kids.length === 0 ? [node] : kids.flatMap(leaves);
}

export function toMermaid(): string {
  const root = declarationMachine.root;
  const lines = ['stateDiagram-v2'];
  const initial = root.initial?.target[0] as AnyStateNode | undefined;
  if (initial) lines.push(`  [*] --> ${mermaidId(nodePath(initial))}`);
  for (const node of children(root)) declareNode(node, '  ', lines);
  for (const leaf of children(root).flatMap(leaves)) {
    const from = nodePath(leaf);
    for (const t of transitionsFrom(from)) {
      const label = t.origin ? `${t.event} [from ${t.origin}]` : t.event;
      lines.push(`  ${mermaidId(from)} --> ${mermaidId(t.target)} : ${label}`);
    }
    if (leaf.type === 'final') lines.push(`  ${mermaidId(from)} --> [*]`);
  }
  return lines.join('\n') + '\n';
}
