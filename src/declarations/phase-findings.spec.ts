import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import type { Finding } from './declaration-content';
import type { DeclarationAccess } from './declaration-access';
import type { Declaration } from './declaration.entity';
import { PhaseFindings, REPORT_PHASES } from './phase-findings';

const em = {} as EntityManager;
const config = {} as AppConfig;
// The report phases' checks are registered; the form's indicators are never read here.
const access = {} as DeclarationAccess;
const inState = (state: string) => ({ id: 1, state }) as Declaration;
const error: Finding = { severity: 'error' } as Finding;

/** A report phase nobody checks would let SUBMIT through with no findings: it must fail closed. */
describe('PhaseFindings', () => {
  it('knows the report phases from the machine', () => {
    expect(REPORT_PHASES).toEqual(['monitoring', 'evaluation']);
  });

  it('refuses to start while a report phase has no check', () => {
    const findings = new PhaseFindings(config, access);
    findings.register('monitoring', () => Promise.resolve([]));
    expect(() => findings.onApplicationBootstrap()).toThrow(
      'no findings check registered for the evaluation phase',
    );
  });

  it('starts once every report phase has its check', () => {
    const findings = new PhaseFindings(config, access);
    for (const phase of REPORT_PHASES) findings.register(phase, () => Promise.resolve([]));
    expect(() => findings.onApplicationBootstrap()).not.toThrow();
  });

  it('throws, never answers "no findings", for a report phase without a check', async () => {
    const findings = new PhaseFindings(config, access);
    await expect(findings.forDeclaration(em, inState('monitoring.reporting'))).rejects.toThrow(
      'no findings check registered for the monitoring phase',
    );
    await expect(findings.forDeclaration(em, inState('evaluation.reporting'))).rejects.toThrow(
      'no findings check registered for the evaluation phase',
    );
  });

  it("answers a report phase's findings from its registered check", async () => {
    const findings = new PhaseFindings(config, access);
    findings.register('evaluation', (_em, d, lang) =>
      Promise.resolve(d.id === 1 && lang === 'en' ? [error] : []),
    );
    await expect(findings.forDeclaration(em, inState('evaluation.reporting'), 'en')).resolves.toEqual([
      error,
    ]);
  });
});
