import { constants, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { emptyContent, type DeclarationContent } from '../../src/declarations/declaration-content';
import { declarationWorkbook } from '../../src/exports/declaration-xlsx';

/**
 * Upload bombs, made by the tests (no binary is committed): a minimal zip writer that can state
 * any sizes in its headers, and the workbooks of issue 12 built from a real export of ours.
 */

export interface ZipEntry {
  name: string;
  /** The content; deflated unless `method` is 0 or `raw` is given. */
  data?: Buffer;
  /** Already-deflated bytes (then give `size`, the real uncompressed size, and `crc`). */
  raw?: Buffer;
  size?: number;
  crc?: number;
  method?: 0 | 8;
  /** The uncompressed size written in the headers, when it should lie. */
  declaredSize?: number;
}

/** A zip with exactly these entries and headers (local headers, central directory, end record). */
export function zip(entries: ZipEntry[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const body = e.raw ?? (method === 8 ? deflateRawSync(e.data!) : e.data!);
    const size = e.declaredSize ?? e.size ?? e.data!.length;
    const crc = e.crc ?? (e.data ? crc32(e.data) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    out.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, dirBytes, end]);
}

/**
 * Raw deflate of `mib` MiB of zeros in about mib KB, made without ever holding them: one
 * deflated MiB ending in a sync flush (a non-final block, byte-aligned), repeated, then an
 * empty final block. Inflates to exactly mib MiB.
 */
export function deflatedZeros(mib: number): { raw: Buffer; size: number; crc: number } {
  const oneMiB = Buffer.alloc(1 << 20);
  const segment = deflateRawSync(oneMiB, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const raw = Buffer.concat([...Array<Buffer>(mib).fill(segment), Buffer.from([0x03, 0x00])]);
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(oneMiB, crc);
  return { raw, size: mib * (1 << 20), crc };
}

/** A small, valid declaration (three indicators). */
export function sampleContent(name = '测试项目', indicators = 3): DeclarationContent {
  const c = emptyContent(2026);
  c.projectName = name;
  for (let i = 0; i < indicators; i++)
    c.indicators.push({
      level1: 'output',
      level2: 'quantity',
      costType: null,
      name: `指标${i + 1}`,
      target: null,
      weight: null,
      sourceLine: null,
    });
  return c;
}

/** The parts of a real export of ours, by name. */
export async function exportParts(content = sampleContent()): Promise<Map<string, Buffer>> {
  const z = await JSZip.loadAsync(await declarationWorkbook(content));
  const parts = new Map<string, Buffer>();
  for (const f of Object.values(z.files)) if (!f.dir) parts.set(f.name, await f.async('nodebuffer'));
  return parts;
}

/** A real export with its sheet changed by `edit` and `extra` entries added. */
export async function exportWith(
  edit: (sheetXml: string) => string = (x) => x,
  extra: ZipEntry[] = [],
  changeParts?: (parts: Map<string, Buffer>) => void,
): Promise<Buffer> {
  const parts = await exportParts();
  const sheet = 'xl/worksheets/sheet1.xml';
  parts.set(sheet, Buffer.from(edit(parts.get(sheet)!.toString('utf8'))));
  changeParts?.(parts);
  return zip([...[...parts].map(([name, data]) => ({ name, data })), ...extra]);
}

/** Inserts XML right after </sheetData> (merges, validations and the like go there). */
export const afterSheetData = (xml: string) => (sheet: string) =>
  sheet.replace('</sheetData>', `</sheetData>${xml}`);

// ---------------------------------------------------------------------------------------------
// The bombs of issue 12

/** The 1.6 KB workbook of the issue: one cell at A10000000, written by exceljs. */
export async function farCell(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('申报表').getCell('A10000000').value = '财政项目支出绩效目标申报表';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A real export with a 1 GiB media entry (1 MB packed); its header may declare a lie. */
export async function gibMedia(declaredSize?: number): Promise<Buffer> {
  const zeros = deflatedZeros(1024);
  return exportWith(undefined, [{ name: 'xl/media/image1.png', ...zeros, declaredSize }]);
}

/** `count` merged ranges, all within rows 1..10000 and columns A..Z. */
export function mergeCells(count: number): string {
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = 100 + (i % 9000);
    const col = Math.floor(i / 9000) * 2; // A:B, C:D, E:F ...
    const a = String.fromCharCode(65 + col);
    const b = String.fromCharCode(66 + col);
    refs.push(`<mergeCell ref="${a}${row}:${b}${row}"/>`);
  }
  return `<mergeCells count="${count}">${refs.join('')}</mergeCells>`;
}

export async function manyMerges(count = 20_000): Promise<Buffer> {
  return exportWith((x) => x.replace(/<mergeCells[\s\S]*<\/mergeCells>/, mergeCells(count)));
}

export async function manySharedStrings(count = 200_000): Promise<Buffer> {
  let si = '';
  for (let i = 0; i < count; i++) si += `<si><t>${i}</t></si>`;
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">${si}</sst>`;
  return exportWith(undefined, [], (parts) => parts.set('xl/sharedStrings.xml', Buffer.from(xml)));
}

/** A real export padded with tiny media entries to `count` entries in all. */
export async function manyEntries(count = 1001): Promise<Buffer> {
  const parts = await exportParts();
  const extra: ZipEntry[] = [];
  for (let i = 1; parts.size + extra.length < count; i++)
    extra.push({ name: `xl/media/image${i}.png`, data: Buffer.from('x') });
  return zip([...[...parts].map(([name, data]) => ({ name, data })), ...extra]);
}

/** 8 MiB of zeros in one entry: within the size limits, about 1,000 times its packed size. */
export async function highRatio(): Promise<Buffer> {
  return exportWith(undefined, [{ name: 'xl/media/image1.png', ...deflatedZeros(8) }]);
}

/** Begins like a zip (PK\x03\x04), and is not one. */
export function notAZip(): Buffer {
  return Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(2000, 0x41)]);
}

/** A data validation over A1:Z1000000: exceljs records it once per cell (26 million). */
export async function wideValidation(): Promise<Buffer> {
  return exportWith(
    afterSheetData(
      '<dataValidations count="1"><dataValidation type="list" sqref="A1:Z1000000"><formula1>"a,b"</formula1></dataValidation></dataValidations>',
    ),
  );
}
