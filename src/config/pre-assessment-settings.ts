import type { AppConfig } from '../../config/defaults';

type Env = Record<string, string | undefined>;

const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
const PERCENT = /^\d{1,6}(\.\d{1,2})?$/;

/** The pre-assessment gate's settings (config/defaults.ts `preAssessment`), checked at start. */
export function loadPreAssessmentConfig(
  env: Env,
  cfg: AppConfig,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): void {
  const s = cfg.preAssessment;
  const threshold = env.PRE_ASSESSMENT_THRESHOLD;
  if (threshold !== undefined && threshold !== '') {
    if (MONEY.test(threshold.trim())) s.threshold = threshold.trim();
    else
      problems.push(
        `PRE_ASSESSMENT_THRESHOLD="${threshold}" must be an amount in yuan with at most two decimals (e.g. 5000000.00)`,
      );
  }
  const growth = env.PRE_ASSESSMENT_GROWTH_PERCENT;
  if (growth !== undefined && growth !== '') {
    if (PERCENT.test(growth.trim())) s.growthPercent = growth.trim();
    else
      problems.push(
        `PRE_ASSESSMENT_GROWTH_PERCENT="${growth}" must be a percentage with at most two decimals (e.g. 20)`,
      );
  }
  s.attachmentMaxBytes = int(
    'PRE_ASSESSMENT_ATTACHMENT_MAX_BYTES',
    s.attachmentMaxBytes,
    1024,
    1024 * 1024 * 1024,
  );
  if (s.attachmentMaxBytes > cfg.uploadLimitBytes)
    problems.push(
      `PRE_ASSESSMENT_ATTACHMENT_MAX_BYTES=${s.attachmentMaxBytes} is larger than UPLOAD_LIMIT_BYTES=${cfg.uploadLimitBytes}, which every upload is cut at`,
    );
}
