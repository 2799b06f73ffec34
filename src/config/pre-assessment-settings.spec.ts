import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config';

describe('the pre-assessment settings', () => {
  it('take a threshold in 元 and a share in per cent as decimal strings', () => {
    const cfg = loadConfig({ PRE_ASSESSMENT_THRESHOLD: '10000000', PRE_ASSESSMENT_GROWTH_PERCENT: '15.5' });
    expect(cfg.preAssessment).toMatchObject({ threshold: '10000000', growthPercent: '15.5' });
    expect(loadConfig({}).preAssessment).toMatchObject({ threshold: '5000000.00', growthPercent: '20' });
  });

  it('stop the service naming each bad setting', () => {
    let msg = '';
    try {
      loadConfig({
        PRE_ASSESSMENT_THRESHOLD: '5e6',
        PRE_ASSESSMENT_GROWTH_PERCENT: '-20',
        PRE_ASSESSMENT_ATTACHMENT_MAX_BYTES: String(20 * 1024 * 1024),
      });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/PRE_ASSESSMENT_THRESHOLD="5e6" must be an amount in yuan/);
    expect(msg).toMatch(/PRE_ASSESSMENT_GROWTH_PERCENT="-20" must be a percentage/);
    expect(msg).toMatch(/PRE_ASSESSMENT_ATTACHMENT_MAX_BYTES=20971520 is larger than UPLOAD_LIMIT_BYTES/);
  });
});
