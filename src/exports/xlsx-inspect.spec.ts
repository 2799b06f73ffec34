import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import {
  afterSheetData,
  exportWith,
  farCell,
  gibMedia,
  highRatio,
  manyEntries,
  manyMerges,
  manySharedStrings,
  notAZip,
  sampleContent,
  wideValidation,
  zip,
} from '../../test/support/xlsx-bombs';
import { englishIn } from '../../test/support/errors';
import { AppError } from '../common/errors';
import { declarationWorkbook, readDeclarationWorkbook } from './declaration-xlsx';
import { inspectXlsx, XmlScanner, type UploadLimits } from './xlsx-inspect';

const limits: UploadLimits = defaults.uploads;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/**
 * The refusal of an upload: its code, status and field; the Chinese text (the default) holds
 * `zh` and no developer English; the English one holds `en`; a limit's setting is in the body.
 */
async function expectRefused(
  buf: Buffer | Promise<Buffer>,
  code: string,
  status: number,
  words: { zh?: string[]; en?: string[]; limit?: string },
) {
  const err = await refusal(inspectXlsx(await buf, limits));
  expect({ code: err.code, status: err.status, field: err.field }).toEqual({ code, status, field: 'file' });
  const zh = String(err.body('zh').message);
  expect(zh).toMatch(/^文件：/);
  expect(englishIn(zh)).toBeNull();
  for (const f of words.zh ?? []) expect(zh).toContain(f);
  const en = String(err.body('en').message);
  expect(en).toMatch(/^file: /);
  for (const f of words.en ?? []) expect(en).toContain(f);
  if (words.limit) expect(err.body('zh').limit).toBe(words.limit);
  // The same refusal when the reader is called directly: it inspects first.
  const again = await refusal(readDeclarationWorkbook(await buf));
  expect(again.code).toBe(code);
  return err;
}

describe('inspectXlsx: what passes', () => {
  it('passes our own export, the largest form included (500 indicators), with its parts inflated', async () => {
    const parts = await inspectXlsx(await declarationWorkbook(sampleContent('大表', 500)), limits);
    expect(parts.map((p) => p.name)).toEqual(
      expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
    );
    expect(parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!.data.toString('utf8')).toContain(
      '<sheetData>',
    );
    const [back] = await readDeclarationWorkbook(await declarationWorkbook(sampleContent('大表', 500)));
    expect(back.indicators).toHaveLength(500);
  });
});

describe('inspectXlsx: the bombs of issue 12, each refused naming its limit', () => {
  it('one cell at A10000000 (the 1.6 KB file that killed the service)', async () => {
    const buf = await farCell();
    expect(buf.length).toBeLessThan(10_000);
    await expectRefused(buf, 'UPLOAD_CELL_OUT_OF_RANGE', 413, {
      zh: ['A10000000', '第 10,000,000 行', '最多 10,000 行'],
      en: ['A10000000', 'row 10,000,000', 'maxRows'],
      limit: 'maxRows',
    });
  });

  it('a cell, a row, a dimension or a merged range beyond the form, and a <col> range beyond Excel', async () => {
    await expectRefused(
      exportWith((x) => x.replace('</sheetData>', '<row r="20"><c r="AA20"><v>1</v></c></row></sheetData>')),
      'UPLOAD_CELL_OUT_OF_RANGE',
      413,
      {
        zh: ['「AA20」', '第 27 列', 'A 到 Z 列'],
        en: ['AA20', 'columns A to Z', 'maxColumns'],
        limit: 'maxColumns',
      },
    );
    await expectRefused(
      exportWith((x) => x.replace('</sheetData>', '<row r="10001"/></sheetData>')),
      'UPLOAD_CELL_OUT_OF_RANGE',
      413,
      { zh: ['一行', '第 10,001 行'], en: ['row 10,001'] },
    );
    await expectRefused(
      exportWith((x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')),
      'UPLOAD_CELL_OUT_OF_RANGE',
      413,
      { zh: ['工作表范围'], en: ['dimension'] },
    );
    await expectRefused(
      exportWith((x) => x.replace('</mergeCells>', '<mergeCell ref="A1:B5000000"/></mergeCells>')),
      'UPLOAD_CELL_OUT_OF_RANGE',
      413,
      { zh: ['合并单元格区域'], en: ['merged range'] },
    );
    await expectRefused(
      exportWith((x) => x.replace('<cols>', '<cols><col min="1" max="100000000" width="9"/>')),
      'UPLOAD_CELL_OUT_OF_RANGE',
      413,
      { zh: ['列范围', '1 到 16,384'], en: ['column range'] },
    );
  });

  it('cells without a reference count on: the 27th cell of a row is in column AA', async () => {
    const cells = '<c><v>1</v></c>'.repeat(27);
    await expectRefused(
      exportWith((x) => x.replace('</sheetData>', `<row r="30">${cells}</row></sheetData>`)),
      'UPLOAD_CELL_OUT_OF_RANGE',
      413,
      { zh: ['「AA30」（第 30 行、第 27 列）'], en: ['AA30'] },
    );
  });

  it('a 1 GiB media entry in a 1 MB file, declared as it is, or declared small', async () => {
    const honest = await gibMedia();
    expect(honest.length).toBeLessThan(1_200_000);
    await expectRefused(honest, 'UPLOAD_ENTRY_TOO_LARGE', 413, {
      zh: ['「xl/media/image1.png」', '1024 MB', '单个部件最多接受 16 MB'],
      en: ['xl/media/image1.png', '1024 MiB', 'maxEntryBytes'],
      limit: 'maxEntryBytes',
    });
    for (const declared of [100, 10 * 1024 * 1024])
      await expectRefused(gibMedia(declared), 'UPLOAD_ENTRY_SIZE_MISMATCH', 400, {
        zh: ['「xl/media/image1.png」', '已损坏或被改动过'],
        en: ['xl/media/image1.png'],
      });
  });

  it('20,000 merged ranges (froze the event loop for 26 s)', async () => {
    await expectRefused(manyMerges(20_000), 'UPLOAD_TOO_MANY_MERGED_CELLS', 413, {
      zh: ['超过 5,000 个合并单元格区域'],
      en: ['5,000 merged ranges', 'maxMergedCells'],
      limit: 'maxMergedCells',
    });
  });

  it('200,000 shared strings', async () => {
    await expectRefused(manySharedStrings(200_000), 'UPLOAD_TOO_MANY_SHARED_STRINGS', 413, {
      zh: ['文本条目超过'],
      en: ['maxSharedStrings'],
      limit: 'maxSharedStrings',
    });
  });

  it('1,001 files in the zip', async () => {
    await expectRefused(manyEntries(1001), 'UPLOAD_TOO_MANY_ENTRIES', 413, {
      zh: ['1,001 个文件', '最多接受 1,000 个'],
      en: ['1,001 files', 'maxEntries'],
      limit: 'maxEntries',
    });
  });

  it('an entry that unpacks about 1,000 times its packed size', async () => {
    await expectRefused(highRatio(), 'UPLOAD_COMPRESSION_RATIO', 413, {
      zh: ['是压缩大小的', '倍'],
      en: ['times its packed size', 'maxCompressionRatio'],
      limit: 'maxCompressionRatio',
    });
  });

  // 30 MB inflated twice (inspection, then the reader): over Jest's 5 s on a busy machine.
  it('more unpacked bytes in all than the total limit, each entry within its own', async () => {
    // Random text: it does not compress much, so no ratio limit is met first.
    const big = Buffer.from(randomBytes(7_500_000).toString('base64'));
    const extra = [1, 2, 3, 4].map((i) => ({ name: `customXml/item${i}.xml`, data: big }));
    await expectRefused(exportWith(undefined, extra), 'UPLOAD_TOO_LARGE_UNPACKED', 413, {
      zh: ['解压后超过'],
      en: ['maxTotalBytes'],
      limit: 'maxTotalBytes',
    });
  }, 30_000);

  it('a data validation over 26 million cells (exceljs records each)', async () => {
    await expectRefused(wideValidation(), 'UPLOAD_CELL_OUT_OF_RANGE', 413, {
      zh: ['数据验证'],
      en: ['data validation'],
    });
    await expectRefused(
      exportWith(
        afterSheetData(
          '<dataValidations count="1"><dataValidation type="list" sqref="A1:Z9000 A1:Z9000"><formula1>"a"</formula1></dataValidation></dataValidations>',
        ),
      ),
      'UPLOAD_TOO_MANY_CELLS',
      413,
      {
        zh: ['数据验证覆盖超过 200,000 个单元格'],
        en: ['data validations cover more than 200,000 cells'],
        limit: 'maxCells',
      },
    );
  });

  it('a file that begins like a zip and is not one', async () => {
    for (const buf of [notAZip(), Buffer.from('not a workbook at all')])
      await expectRefused(buf, 'UPLOAD_NOT_XLSX', 400, {
        zh: ['不是可以读取的 xlsx 工作簿', '不是有效的压缩包'],
        en: ['not an xlsx'],
      });
  });

  it('a zip that is not a workbook: no xl/workbook.xml, a part no xlsx has, a part twice', async () => {
    await expectRefused(
      zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }]),
      'UPLOAD_NOT_XLSX',
      400,
      { zh: ['没有工作簿'], en: ['xl/workbook.xml'] },
    );
    for (const name of [
      'payload.exe',
      'foo/xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet1.xml.bak',
      'xl/media/../../x.png',
    ])
      await expectRefused(
        exportWith(undefined, [{ name, data: Buffer.from('x') }]),
        'UPLOAD_UNEXPECTED_PART',
        400,
        {
          zh: ['不是 xlsx 工作簿的组成部分'],
        },
      );
    await expectRefused(
      exportWith(undefined, [{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') }]),
      'UPLOAD_DUPLICATE_PART',
      400,
      { zh: ['「xl/worksheets/sheet1.xml」出现了两次'], en: ['twice'] },
    );
  });

  it('a DOCTYPE (entity declarations: the billion laughs) in any XML part', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><sst>&lol2;</sst>';
    await expectRefused(
      exportWith(undefined, [], (parts) => parts.set('xl/sharedStrings.xml', Buffer.from(laughs))),
      'UPLOAD_XML_DECLARATION',
      400,
      { zh: ['「xl/sharedStrings.xml」', '文档类型或实体声明'], en: ['DOCTYPE'] },
    );
  });
});

describe('the reader behind the inspection', () => {
  it('visits only the rows that exist: with the row limit lifted, one cell at A10000000 is a refusal, not ten million rows', async () => {
    const lifted = { ...limits, maxRows: 20_000_000 };
    const err = await refusal(readDeclarationWorkbook(await farCell(), lifted));
    expect(err.code).toBe('WORKBOOK_YEAR_INVALID');
    expect(err.body('zh').message).toMatch(/^工作表「申报表」第 10000001 行 A 列：应为年度/);
  });
});

describe('XmlScanner', () => {
  const scan = (xml: string, chunk: number) => {
    const tags: string[] = [];
    const s = new XmlScanner('p', (name, attrs) => tags.push(`${name}|${attrs.trim()}`));
    const buf = Buffer.from(xml, 'utf8');
    for (let i = 0; i < buf.length; i += chunk) s.feed(buf.subarray(i, i + chunk));
    s.end();
    return tags;
  };
  const xml =
    '<?xml version="1.0"?><x:ws a="1"><!-- <c r="A10000000"/> > --><![CDATA[<c r="B2">]]><c r="A1" t=\'a>b\'>中文<v>1</v></c><row r="2"/></x:ws>';

  it('reports start tags with local names, skipping comments, CDATA and processing instructions', () => {
    expect(scan(xml, 1 << 16)).toEqual(['ws|a="1"', 'c|r="A1" t=\'a>b\'', 'v|', 'row|r="2"']);
  });

  it('gives the same tags whatever the chunk boundaries (also inside a UTF-8 character)', () => {
    const whole = scan(xml, 1 << 16);
    for (const size of [1, 2, 3, 5, 7, 13]) expect(scan(xml, size)).toEqual(whole);
  });
});
