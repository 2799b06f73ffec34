import { describe, expect, it } from '@jest/globals';
import { csvCell, zhRowsFromCopy } from './audit-csv';
import { beijingStamp, changesText, commentLabel, entityLabel, rolesLabel, rolesTextZh } from './audit-text';

const changes = (list: unknown[]) => JSON.stringify(list);

describe('changes in one line', () => {
  it('names each field by its word and shows a target by its notation', () => {
    const text = changesText(
      changes([
        {
          field: 'target',
          before: { display: '≥95.00(%)', kind: 'quantitative', value: '95.00' },
          after: { display: '≥98.00(%)', kind: 'quantitative', value: '98.00' },
        },
        { field: 'name', before: 'A', after: 'B' },
      ]),
      'zh',
    );
    expect(text).toBe('年度指标值：≥95.00(%) → ≥98.00(%)；名称：A → B');
  });

  it('gives only the value when there was none before, and marks an emptied one', () => {
    expect(
      changesText(
        changes([
          { field: 'projectName', before: null, after: '智慧城市' },
          { field: 'weight', before: '10.00', after: null },
        ]),
        'zh',
      ),
    ).toBe('项目名称：智慧城市；分值：10.00 → （空）');
  });

  it('puts codes in words where the field has a list of them', () => {
    expect(
      changesText(
        changes([
          { field: 'state', before: 'adjustment.drafting', after: 'adjustment.internalReview' },
          { field: 'event', before: null, after: 'SUBMIT' },
          { field: 'roles', before: ['submitter'], after: ['submitter', 'dept_reviewer'] },
          { field: 'disabled', before: false, after: true },
          { field: 'kind', before: null, after: 'unit' },
          { field: 'password', before: null, after: '(reset by administrator)' },
          { field: 'permission', before: null, after: 'org.manage' },
        ]),
        'zh',
      ),
    ).toBe(
      '状态：目标调整 · 编制中 → 目标调整 · 单位内部审核；流转操作：提交；角色：填报人 → 填报人、单位审核人；停用：否 → 是；机构类型：单位；密码：由管理员重置；所需权限：管理用户和部门',
    );
    expect(changesText(changes([{ field: 'roles', before: ['admin'], after: ['auditor'] }]), 'en')).toBe(
      'roles: administrator → auditor',
    );
  });

  it('names a report entry by its indicator, and shows other values as JSON', () => {
    expect(
      changesText(
        changes([
          { field: 'entries[42].actualToDate', before: null, after: '80' },
          {
            field: 'entries[42].deviationReasons',
            before: null,
            after: [{ category: 'funds', note: '资金未到位' }],
          },
          { field: 'heads', before: null, after: 3 },
          { field: 'somethingNew', before: null, after: { a: 1 } },
        ]),
        'zh',
      ),
    ).toBe(
      '指标 42 的1-N月实际完成值：80；指标 42 的偏差原因：{"category":"funds","note":"资金未到位"}；链头数：3；somethingNew：{"a":1}',
    );
  });

  it('is null for an event without changes', () => {
    expect(changesText('[]', 'zh')).toBeNull();
  });
});

describe('the other words of an event', () => {
  it('roles, objects, times and the sign-in comments', () => {
    expect(rolesLabel('submitter,dept_reviewer', 'zh')).toBe('填报人、单位审核人');
    expect(rolesTextZh('submitter,dept_reviewer')).toBe('填报人、单位审核人');
    expect(rolesTextZh('')).toBe('');
    expect(entityLabel('indicator', '12', 'zh')).toBe('指标 12');
    expect(entityLabel('audit_log', null, 'zh')).toBe('审计日志');
    expect(beijingStamp('2026-03-01T18:30:00.123Z')).toBe('2026-03-02 02:30:00.123');
    expect(commentLabel('auth.login_failed', 'wrong password', 'zh')).toBe('密码错误');
    // A person's words are never replaced, even when they look like the service's.
    expect(commentLabel('workflow.transitioned', 'wrong password', 'zh')).toBe('wrong password');
  });
});

describe('the Chinese rows of PostgreSQL’s COPY', () => {
  it('puts changes in words between the prepared parts, undoing the text format’s escapes', () => {
    const a = '7,2026-03-02 02:30:00.123,"a\\\\b",填报人';
    const c = changes([{ field: 'name', before: 'x\ty', after: 'line1\nline2' }])
      .replace(/\\/g, '\\\\')
      .replace(/\t/g, '\\t')
      .replace(/\n/g, '\\n');
    const b = '"意见, 含\\n换行",req-1,127.0.0.1';
    const rows = zhRowsFromCopy(`${a}\t${c}\t${b}\n${a}\t[]\t${b}\n`);
    const text = changesText(changes([{ field: 'name', before: 'x\ty', after: 'line1\nline2' }]), 'zh');
    expect(rows).toBe(
      `7,2026-03-02 02:30:00.123,"a\\b",填报人,${csvCell(text)},"意见, 含\n换行",req-1,127.0.0.1\n` +
        `7,2026-03-02 02:30:00.123,"a\\b",填报人,,"意见, 含\n换行",req-1,127.0.0.1\n`,
    );
    expect(csvCell(text)).toBe('"名称：x\ty → line1\nline2"');
  });
});
