import { describe, expect, it } from '@jest/globals';
import { englishIn } from '../../test/support/errors';
import { enumeration, fromLabel, messageCodes, render } from '../common/i18n';
import { assertEditable, editableIn } from './editability';
import { DECLARATION_STATES, leafStateNodes, nodePath } from './declaration.machine';
import {
  EVENT_TYPES,
  RATINGS,
  WorkflowErrors,
  eventLabel,
  roleLabel,
  stateFromLabel,
  stateLabel,
} from './lifecycle.messages';

describe('the workflow’s vocabulary', () => {
  it('labels every state of the machine in both languages, one enumeration for all', () => {
    expect(enumeration('state').map((e) => e.value)).toEqual(leafStateNodes().map(nodePath));
    expect(enumeration('state').find((e) => e.value === 'monitoring.internalReview')).toEqual({
      value: 'monitoring.internalReview',
      zh: '绩效监控 · 单位内部审核',
      en: 'monitoring · internal review',
    });
    expect(stateLabel('drafting')).toBe('编制中');
    expect(stateLabel('adjustment.bureauReview')).toBe('目标调整 · 数据局审核');
    expect(stateLabel('evaluation.reporting', 'en')).toBe('self-evaluation · reporting');
    for (const e of enumeration('state')) expect(englishIn(e.zh)).toBeNull();
  });

  it('labels events, ratings and roles', () => {
    expect(EVENT_TYPES.map((e) => eventLabel(e))).toEqual([
      '提交',
      '撤回',
      '审核通过',
      '退回',
      '申请调整',
      '取消调整',
      '开启绩效监控',
      '开启绩效自评',
    ]);
    expect(eventLabel('APPROVE', 'en')).toBe('Approve');
    expect(RATINGS).toEqual(['优', '良', '中', '差']);
    expect(roleLabel('dept_reviewer')).toBe('单位审核人');
    expect(roleLabel('bureau_reviewer', 'en')).toBe('bureau reviewer');
  });

  it('takes an event by its code or its word, and a lower-case code is no word', () => {
    expect(fromLabel('event', '提交')).toBe('SUBMIT');
    expect(fromLabel('event', ' 审核通过 ')).toBe('APPROVE');
    expect(fromLabel('event', 'Request adjustment')).toBe('REQUEST_ADJUSTMENT');
    expect(fromLabel('event', 'RETURN')).toBe('RETURN');
    expect(fromLabel('event', 'submit')).toBe('submit');
  });

  it.each([
    ['monitoring.internalReview', 'monitoring.internalReview'],
    ['绩效监控 · 单位内部审核', 'monitoring.internalReview'],
    ['绩效监控·单位内部审核', 'monitoring.internalReview'],
    ['绩效监控单位内部审核', 'monitoring.internalReview'],
    ['绩效监控-单位内部审核', 'monitoring.internalReview'],
    ['monitoring · internal review', 'monitoring.internalReview'],
    ['Monitoring internal review', 'monitoring.internalReview'],
    ['单位内部审核', 'internalReview'],
    ['编制中', 'drafting'],
    ['目标调整 · 编制中', 'adjustment.drafting'],
    [' 已完结 ', 'closed'],
    ['data bureau review', 'bureauReview'],
  ])('stateFromLabel(%j) → %s', (input, state) => expect(stateFromLabel(input)).toBe(state));

  it.each([['foo'], [''], ['   '], ['绩效监控'], ['adjustment'], [42], [null], [undefined]])(
    'stateFromLabel(%j) names no state',
    (input) => expect(stateFromLabel(input)).toBeNull(),
  );
});

describe('the workflow’s refusals', () => {
  const samples: Record<string, object> = {
    WORKFLOW_EVENT_NOT_ALLOWED: { event: 'APPROVE', state: 'drafting' },
    WORKFLOW_NON_ACTING_ROLE: { roles: ['auditor'] },
    WORKFLOW_ROLE_REQUIRED: {
      event: 'APPROVE',
      state: 'internalReview',
      roles: ['dept_reviewer'],
      scope: 'ownerOrAbove',
    },
    WORKFLOW_SUBMITTER_ONLY: { event: 'WITHDRAW', state: 'internalReview' },
    WORKFLOW_SEGREGATION: { event: 'APPROVE', state: 'internalReview' },
    WORKFLOW_COMMENT_REQUIRED: { event: 'RETURN', state: 'internalReview', label: '意见' },
    FINDINGS_BLOCK_SUBMIT: { count: 3 },
    WORKFLOW_RATING_INVALID: { event: 'SUBMIT', allowed: [], label: '评级' },
    VERSION_NOT_FOUND: { declarationId: 7, versionNo: 2 },
    DECLARATION_STATE_NOT_EDITABLE: { state: 'bureauReview', part: 'funds', editableIn: ['drafting'] },
    WORKFLOW_OPEN_YEAR_NOT_IN_STATE: { event: 'OPEN_MONITORING', state: 'drafting', from: 'approved' },
    WORKFLOW_REVIEW_REQUIRED: { event: 'APPROVE', state: 'bureauReview', label: '审核评分' },
    WORKFLOW_REVIEW_NOT_TAKEN: { event: 'APPROVE', state: 'internalReview', label: '审核评分' },
    WORKFLOW_REVIEW_SCORE: { label: '完整性评分' },
    WORKFLOW_REVIEW_GRADE_RETURN: { total: '67.00', grade: '中', label: '审核评分' },
    WORKFLOW_REVIEW_AMENDMENTS_REQUIRED: { total: '83.75', label: '修改意见' },
    WORKFLOW_REVIEW_RATING_MISMATCH: { total: '95.00', grade: '优', rating: '良', label: '评级' },
  };

  it('has a Chinese text without English and an English text for every code', () => {
    const codes = messageCodes()
      .filter((c) => c.module === 'workflow' && c.status !== undefined)
      .map((c) => c.code);
    expect(codes.sort()).toEqual(Object.keys(samples).sort());
    for (const [code, params] of Object.entries(samples)) {
      const zh = render(code, params, 'zh');
      expect([code, englishIn(zh)]).toEqual([code, null]);
      expect(zh).not.toBe(code);
      expect(render(code, params, 'en')).toMatch(/[a-z]{3,}/);
    }
  });

  it('name the state and the event in words', () => {
    expect(render('WORKFLOW_EVENT_NOT_ALLOWED', samples.WORKFLOW_EVENT_NOT_ALLOWED, 'zh')).toBe(
      '当前状态为「编制中」，不能进行「审核通过」操作',
    );
    expect(render('WORKFLOW_EVENT_NOT_ALLOWED', samples.WORKFLOW_EVENT_NOT_ALLOWED, 'en')).toBe(
      '"Approve" is not possible in state "drafting"',
    );
    expect(render('WORKFLOW_ROLE_REQUIRED', samples.WORKFLOW_ROLE_REQUIRED, 'zh')).toBe(
      '在「单位内部审核」状态，「审核通过」只能由本单位或上级单位的单位审核人办理',
    );
    expect(render('FINDINGS_BLOCK_SUBMIT', { count: 1 }, 'en')).toBe(
      '1 error must be corrected before submitting',
    );
    expect(
      render('WORKFLOW_RATING_INVALID', { event: 'APPROVE', allowed: ['优', '良'], label: '评级' }, 'zh'),
    ).toBe('评级：「审核通过」时只能为 优、良');
  });

  it('a write outside its editing state is 409 naming the state and where it can be made', () => {
    expect(editableIn('funds')).toEqual(['drafting', 'adjustment.drafting']);
    let caught: unknown;
    try {
      assertEditable('monitoring.internalReview', 'monitoring');
    } catch (e) {
      caught = e;
    }
    const body = (caught as ReturnType<typeof WorkflowErrors.DECLARATION_STATE_NOT_EDITABLE>).body('zh');
    expect(body).toMatchObject({
      statusCode: 409,
      code: 'DECLARATION_STATE_NOT_EDITABLE',
      state: 'monitoring.internalReview',
      message:
        '当前状态为「绩效监控 · 单位内部审核」，不能修改绩效监控表（只能在「绩效监控 · 填报中」状态修改）',
    });
    expect(() => assertEditable('drafting', 'header')).not.toThrow();
    expect(() => assertEditable('adjustment.drafting', 'header')).toThrow(
      /project details cannot be changed/,
    );
  });

  it('every state the enumeration lists is a state of the machine', () => {
    expect([...DECLARATION_STATES]).toEqual(enumeration('state').map((e) => e.value));
  });
});
