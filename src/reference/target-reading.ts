import type { Lang } from '../common/i18n';
import { render } from '../common/i18n';
import { AppError } from '../common/errors';
import { parseTarget, proposeNotation } from '../declarations/target-notation';
import type { TargetReadingView } from './reference.responses';

/**
 * How the service reads a 年度指标值 without saving it, in the reader's language: the parse of a
 * save itself (the same function); a text a save would refuse is read as not ok, with the
 * refusal's words and code.
 */
export function readTarget(text: string, lang: Lang): TargetReadingView {
  try {
    const target = parseTarget(text, 'target');
    if (!target)
      return {
        text,
        ok: true,
        target: null,
        reading: render('TARGET_READING_EMPTY', {}, lang),
        code: null,
        proposed: null,
      };
    const proposed = target.kind === 'qualitative' ? (proposeNotation(text)?.proposed ?? null) : null;
    const reading =
      target.kind === 'quantitative'
        ? render('TARGET_READING_QUANTITATIVE', target, lang)
        : render('TARGET_READING_QUALITATIVE', { text: target.text }, lang) +
          (proposed
            ? (lang === 'zh' ? '；' : '; ') + render('TARGET_READING_PROPOSAL', { proposed }, lang)
            : '');
    return { text, ok: true, target, reading, code: null, proposed };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return {
      text,
      ok: false,
      target: null,
      reading: String(e.body(lang).message),
      code: e.code,
      proposed: null,
    };
  }
}
