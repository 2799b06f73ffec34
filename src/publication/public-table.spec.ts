import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import {
  canonicalText,
  contentSha256,
  publishedContent,
  type PublishedContent,
} from '../declarations/approved-content';
import type { StoredContent } from '../declarations/declaration-mapper';
import {
  publicHtml,
  publicWorkbook,
  readPublicHtml,
  readPublicWorkbook,
  type PublicTableRow,
} from './public-table';

/**
 * The canonical content of an approved version is frozen (published hashes must keep verifying):
 * a golden vector pins its text and SHA-256. The table's two forms read back to the very content
 * they were written from, text that HTML or Excel treat specially included.
 */
const STORED = {
  year: 2026,
  projectName: '数据<治理>&"平台"',
  projectNature: '经常性专项业务费',
  projectCategory: '',
  competentDepartment: '上海市数据局',
  implementingUnit: null,
  plannedStart: '2026-01-01',
  plannedEnd: '2026-12-31',
  funds: {
    total: null,
    annualRequest: '1234567.80',
    currentAppropriation: '1234567.80',
    carryover: '0.00',
    other: '0.00',
  },
  overallGoal: '第一行\n第二行　全角空格',
  annualGoal: null,
  indicators: [
    {
      id: 9,
      position: 2,
      level1: 'satisfaction',
      level2: 'serviceSatisfaction',
      costType: null,
      name: '满意度',
      target: { display: '≥90.00(%)' },
      weight: null,
      sourceLine: null,
    },
    {
      id: 7,
      position: 1,
      level1: 'output',
      level2: 'cost',
      costType: '经济成本',
      name: '单位成本',
      target: { display: '=100.00(%)' },
      weight: '10.00',
      sourceLine: 3,
    },
  ],
} as unknown as StoredContent;

const content: PublishedContent = publishedContent(12, 1, '2026-03-01T08:00:00.000Z', STORED);

describe('the canonical content of an approved version', () => {
  it('is the frozen list, in form order, empty text as null', () => {
    expect(canonicalText(content)).toBe(
      '["pd-approved-content",1,12,1,"2026-03-01T08:00:00.000Z",2026,"数据<治理>&\\"平台\\"","经常性专项业务费",null,"上海市数据局",null,"2026-01-01","2026-12-31",[null,"1234567.80","1234567.80","0.00","0.00"],"第一行\\n第二行　全角空格",null,[["产出指标","成本指标","经济成本","单位成本","=100.00(%)","10.00"],["满意度指标","服务对象满意度指标",null,"满意度","≥90.00(%)",null]]]',
    );
    expect(contentSha256(content)).toBe(createHash('sha256').update(canonicalText(content)).digest('hex'));
  });
});

describe('the public table reads back to what it was written from', () => {
  const row: PublicTableRow = {
    item: 1,
    content,
    contentSha256: contentSha256(content),
    chain: 'd:12',
    seq: 9,
    eventHash: 'f'.repeat(64),
  };

  it('as a page', () => {
    const [back] = readPublicHtml(publicHtml(2026, [row], '2026-03-02T00:00:00.000Z'));
    expect(back.content).toEqual(content);
    expect(back).toMatchObject({
      contentSha256: row.contentSha256,
      chain: 'd:12',
      seq: 9,
      eventHash: row.eventHash,
    });
  });

  it('as a workbook', async () => {
    const buf = await publicWorkbook(2026, [row, { ...row, item: 2 }], '2026-03-02T00:00:00.000Z');
    const back = await readPublicWorkbook(buf, { ...defaults.uploads, maxColumns: 32 });
    expect(back).toHaveLength(2);
    expect(back[0].content).toEqual(content);
    expect(back[1].place).toBe('工作表“绩效目标公开表”第 6–7 行');
    expect(contentSha256(back[1].content)).toBe(row.contentSha256);
  }, 60_000);
});
