import { describe, expect, it } from '@jest/globals';
import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { allEnumerations, enumeration, fromLabel, render } from '../common/i18n';
import { validationProblems } from '../common/validation';
import { englishIn } from '../../test/support/errors';
import { LEVEL1_LABEL, LEVEL2_LABEL, LEVEL2_OF } from './declaration-content';
import { CreateIndicatorDto } from './declarations.dto';
import { DeclarationErrors, FINDING_TEXTS, registerReferenceLists } from './declarations.messages';

describe('the enumerations of the form', () => {
  it('一级 and 二级: one source for the codes and their words', () => {
    expect(enumeration('level1').map((e) => [e.value, e.zh])).toEqual([
      ['output', '产出指标'],
      ['benefit', '效益指标'],
      ['satisfaction', '满意度指标'],
    ]);
    expect(LEVEL1_LABEL).toEqual({ output: '产出指标', benefit: '效益指标', satisfaction: '满意度指标' });
    expect(Object.keys(LEVEL2_LABEL).sort()).toEqual(Object.values(LEVEL2_OF).flat().sort());
    expect(LEVEL2_LABEL.serviceSatisfaction).toBe('服务对象满意度指标');
    expect(fromLabel('level2', '数量指标')).toBe('quantity');
    expect(fromLabel('level1', ' 产出 指标 ')).toBe('output');
  });

  it('a new indicator may name its levels in Chinese; an unknown one is refused with the words', () => {
    const dto = (body: object) => plainToInstance(CreateIndicatorDto, body);
    const ok = dto({ version: 1, level1: '效益指标', level2: '社会效益指标', name: '服务能力' });
    expect(validateSync(ok)).toEqual([]);
    expect(ok).toMatchObject({ level1: 'benefit', level2: 'social' });
    const [problem] = validationProblems(
      validateSync(dto({ version: 1, level1: 'output', level2: '数量', name: 'x' })),
    );
    expect(problem).toMatchObject({ code: 'FIELD_ONE_OF', field: 'level2' });
    expect(render(problem.code, { ...problem.params, label: '二级指标' }, 'zh')).toBe(
      '二级指标：须为以下之一：数量指标、质量指标、时效指标、成本指标、经济效益指标、社会效益指标、生态效益指标、可持续影响指标、服务对象满意度指标',
    );
  });

  it('项目性质 and 项目类别 from the config, and the findings’ codes, for the reference-data route', () => {
    const all = allEnumerations();
    expect(all.projectNature.map((e) => e.value)).toEqual([
      '经常性专项业务费',
      '其他经常性项目',
      '其他一次性项目',
    ]);
    expect(all.projectCategory.map((e) => [e.value, e.en])).toEqual([
      ['特定目标类', 'specific purpose'],
      ['其他运转类', 'other operating'],
    ]);
    registerReferenceLists({ projectNatures: ['新增性质'], projectCategories: ['特定目标类'] });
    expect(enumeration('projectNature')).toEqual([{ value: '新增性质', zh: '新增性质', en: '新增性质' }]);
    expect(all.declarationFinding.map((e) => e.value)).toEqual(Object.keys(FINDING_TEXTS));
    expect(all.declarationFinding.find((e) => e.value === 'TARGET_LOOKS_QUANTITATIVE')).toMatchObject({
      zh: '年度指标值疑似定量却按文字保存',
    });
  });
});

describe('the refusals of the declarations module', () => {
  it('read in Chinese without developer English, and in English on request', () => {
    const samples = [
      DeclarationErrors.DECLARATION_NOT_FOUND({ id: 7 }, { field: 'id' }),
      DeclarationErrors.INDICATOR_NOT_FOUND({ id: 7, indicatorId: 9 }, { field: 'indicatorId' }),
      DeclarationErrors.DECLARATION_NOT_OWNER(),
      DeclarationErrors.DECLARATION_VERSION_STALE(
        { given: 3, current: 4 },
        { field: 'version', currentVersion: 4 },
      ),
      DeclarationErrors.DECLARATION_NOT_DELETABLE({ state: 'approved', stateZh: '已批复' }),
      DeclarationErrors.DECLARATION_DATES_ORDER(
        { start: '2026-02-01', end: '2026-01-01' },
        { field: 'plannedEnd' },
      ),
      DeclarationErrors.INDICATOR_LEVEL2_MISMATCH(
        { level1: 'satisfaction', level2: 'quantity', allowed: ['serviceSatisfaction'] },
        { field: 'level2' },
      ),
      DeclarationErrors.INDICATOR_WEIGHT_FORMAT({}, { field: 'weight' }),
      DeclarationErrors.TOO_MANY_INDICATORS({ max: 500, count: 500 }, { field: 'indicators' }),
      DeclarationErrors.FORM_TEXT_TOO_LONG({ line: 12, item: 'indicators.name', length: 501, max: 500 }),
    ];
    for (const e of samples) {
      const zh = String(e.body('zh').message);
      expect({ code: e.code, english: englishIn(zh) }).toEqual({ code: e.code, english: null });
      expect(e.body('en').message).not.toBe(zh);
    }
    expect(samples[3].body('zh')).toMatchObject({ code: 'DECLARATION_VERSION_STALE', currentVersion: 4 });
    expect(samples[6].body('zh').message).toBe(
      '二级指标“数量指标”不属于一级指标“满意度指标”；满意度指标下可选：服务对象满意度指标',
    );
    expect(samples[9].body('zh').message).toBe('第 12 行：三级指标（指标名称）有 501 个字符，最多 500 个');
  });
});
