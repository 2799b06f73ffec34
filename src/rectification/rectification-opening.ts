/**
 * What an approved self-evaluation opens (docs/spec/domain.md §12), pure: one item per indicator
 * not met (`met === false` in the scoring, src/evaluation/scoring.ts), and one for the grade when
 * it is below 良 (中 or 差). Each names the problem (the indicator, its target, actual and score;
 * or the grade and total) and a required action: the evaluation's own 偏差原因分析及改进措施 when
 * the submitter wrote one, else a standard sentence. Who: the owning department; due: the caller's.
 */
import { formatTarget } from '../declarations/target-notation';
import type { ApprovedTargets } from '../declarations/approved-targets';
import type { EvaluationResult } from '../evaluation/scoring';
import { OPENING_TEXT, type RectificationSource } from './rectification.messages';

export interface ItemDraft {
  source: RectificationSource;
  indicatorId: number | null;
  problem: string;
  requiredAction: string;
}

export interface EvaluatedEntry {
  indicatorId: number;
  actual?: string | null;
  deviationAnalysis?: string | null;
}

/** The grades that open an item of their own. */
export const LOW_GRADES: readonly string[] = ['中', '差'];

export function openingDrafts(
  approved: ApprovedTargets,
  result: Pick<EvaluationResult, 'entries' | 'grade' | 'totalScore'>,
  entries: readonly EvaluatedEntry[],
): ItemDraft[] {
  const stored = new Map(entries.map((e) => [e.indicatorId, e]));
  const drafts: ItemDraft[] = [];
  for (const ind of approved.indicators) {
    const scored = result.entries.find((e) => e.indicatorId === ind.id);
    if (!scored || scored.met !== false) continue;
    const entry = stored.get(ind.id);
    const analysis = entry?.deviationAnalysis?.trim();
    drafts.push({
      source: 'indicator',
      indicatorId: ind.id,
      problem: OPENING_TEXT.indicatorProblem({
        name: ind.name,
        target: ind.target ? formatTarget(ind.target) : '—',
        actual: entry?.actual?.trim() || '—',
        score: scored.score ?? '0.00',
        weight: scored.weight ?? '—',
      }),
      requiredAction: analysis
        ? OPENING_TEXT.actionFromAnalysis(analysis)
        : OPENING_TEXT.indicatorAction(ind.name),
    });
  }
  if (LOW_GRADES.includes(result.grade))
    drafts.push({
      source: 'grade',
      indicatorId: null,
      problem: OPENING_TEXT.gradeProblem({ grade: result.grade, total: result.totalScore }),
      requiredAction: OPENING_TEXT.gradeAction,
    });
  return drafts;
}
