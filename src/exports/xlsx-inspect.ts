import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import type { AppConfig } from '../../config/defaults';
import { InputError } from '../common/input-error';

/**
 * Inspection of an uploaded .xlsx before anything parses it (issue 12: a 1.6 KB file with one
 * cell at A10000000 killed the service, a 1 GiB media entry in a 1 MB file took 3.2 GB, 20,000
 * merged ranges froze it for 26 s). Nothing here trusts what the file declares:
 *
 * - the zip directory is read with yauzl: the entry count, each entry's name (only the parts an
 *   xlsx has), its declared sizes and compression ratio are checked before anything is
 *   inflated;
 * - every entry is then inflated as a stream and counted as it arrives: the stream is cut at
 *   the per-entry and total caps and at the compression ratio, whatever the headers said
 *   (yauzl also refuses an entry that inflates to more than its header declares);
 * - every XML part is scanned as it streams, tag by tag (no DOM, no element stack, so memory
 *   stays at one chunk and one tag): no DTD (entity declarations have no place in an xlsx);
 *   in sheets the dimension, every row and cell reference, column ranges, merged ranges,
 *   data-validation ranges (exceljs expands them cell by cell) and hyperlinks must stay within
 *   what a form can hold; comments and tables likewise; the shared strings are counted.
 *
 * What comes out is the inflated parts, checked: the workbook is rebuilt from them for exceljs
 * (xlsx-layout.ts `loadInspected`), so exceljs reads exactly the bytes that were checked, never
 * a part that another zip reader would find differently in the original file.
 * Refusals are InputErrors (413 for a limit, 400 for a file that is not an xlsx) whose message
 * names the limit and whose code is stable.
 */

export type UploadLimits = AppConfig['uploads'];

export interface XlsxPart {
  name: string;
  data: Buffer;
}

/** The compression ratio is judged once an entry has inflated past this many bytes. */
const RATIO_FLOOR = 1024 * 1024;
/** The longest tag (with its attributes) the scanner holds; a real one is far shorter. */
const MAX_TAG_CHARS = 1024 * 1024;
/** Excel's own last column (XFD) and row. */
const EXCEL_MAX_COLUMN = 16_384;
const EXCEL_MAX_ROW = 1_048_576;

/** The parts an xlsx may hold (Excel, WPS, LibreOffice and exceljs write no others). */
const PART_NAMES: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^_rels\/\.rels$/,
  /^docProps\/[A-Za-z0-9]+\.xml$/,
  /^customXml\/(_rels\/)?item(Props)?\d*\.xml(\.rels)?$/,
  /^xl\/(workbook|styles|sharedStrings|calcChain|metadata|connections)\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/worksheets\/(_rels\/)?sheet\d{1,5}\.xml(\.rels)?$/,
  /^xl\/theme\/(_rels\/)?theme\d{1,5}\.xml(\.rels)?$/,
  /^xl\/printerSettings\/printerSettings\d{1,5}\.bin$/,
  /^xl\/media\/[A-Za-z0-9_-]{1,100}\.[A-Za-z0-9]{3,4}$/,
  /^xl\/drawings\/(_rels\/)?(drawing|vmlDrawing)\d{1,5}\.(xml|vml)(\.rels)?$/,
  /^xl\/comments\d{1,5}\.xml$/,
  /^xl\/tables\/table\d{1,5}\.xml$/,
  /^xl\/persons\/person\.xml$/,
  /^xl\/threadedComments\/threadedComment\d{1,5}\.xml$/,
];
const DIRECTORY = /^([A-Za-z0-9_]{1,40}\/){1,3}$/;
const XML_PART = /\.(xml|rels|vml)$/;
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

export function refuse(code: string, message: string, status: 400 | 413 = 413): InputError {
  return new InputError(`file: ${message}`, 'file', status, undefined, code);
}

function notXlsx(why: string): InputError {
  return refuse(
    'UPLOAD_NOT_XLSX',
    `the file is not an xlsx workbook that can be read (${why.slice(0, 160)}); only workbooks exported by this service can be read`,
    400,
  );
}

const n = (v: number) => v.toLocaleString('en-US');
const mib = (v: number) => `${Math.round((v / 1024 / 1024) * 10) / 10} MiB`;

/** Inspects an upload; returns its parts inflated, or throws an InputError naming the limit. */
export async function inspectXlsx(buf: Buffer, limits: UploadLimits): Promise<XlsxPart[]> {
  const zip = await openZip(buf);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw refuse(
        'UPLOAD_TOO_MANY_ENTRIES',
        `the workbook holds ${n(zip.entryCount)} files; at most ${n(limits.maxEntries)} are accepted (limit maxEntries)`,
      );
    }
    const entries = await listEntries(zip);
    checkDirectory(entries, limits);
    const budget: Budget = { bytes: 0, cells: 0, validated: 0 };
    const parts: XlsxPart[] = [];
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const scanner = XML_PART.test(entry.fileName) ? scannerFor(entry.fileName, limits, budget) : null;
      parts.push({ name: entry.fileName, data: await inflate(zip, entry, limits, budget, scanner) });
    }
    if (!parts.some((p) => p.name === 'xl/workbook.xml')) throw notXlsx('it has no xl/workbook.xml');
    return parts;
  } finally {
    zip.close();
  }
}

function openZip(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buf,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true },
      (err, zip) => (err || !zip ? reject(notXlsx(err?.message ?? 'no zip')) : resolve(zip)),
    );
  });
}

/** The central directory only: nothing is inflated here. */
function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (e: Error) =>
      // yauzl's own checks of the names: absolute, `..`, backslashes, invalid characters.
      reject(
        /fileName|absolute path|relative path/i.test(e.message)
          ? refuse(
              'UPLOAD_UNEXPECTED_PART',
              `the zip holds a part whose name is not a part of an xlsx workbook (${e.message.slice(0, 120)})`,
              400,
            )
          : notXlsx(e.message),
      ),
    );
    zip.readEntry();
  });
}

/** Names, duplicates, compression method, encryption and the DECLARED sizes and ratios. */
function checkDirectory(entries: yauzl.Entry[], limits: UploadLimits): void {
  const seen = new Set<string>();
  let declared = 0;
  for (const e of entries) {
    const name = e.fileName;
    const shown = JSON.stringify(name.slice(0, 100));
    if (name.endsWith('/')) {
      if (!DIRECTORY.test(name)) throw unexpectedPart(shown);
      continue;
    }
    if (!PART_NAMES.some((re) => re.test(name))) throw unexpectedPart(shown);
    // Two entries of one name: zip readers disagree on which one counts.
    if (seen.has(name)) throw refuse('UPLOAD_DUPLICATE_PART', `the part ${shown} is in the zip twice`, 400);
    seen.add(name);
    if (e.isEncrypted()) throw notXlsx(`${shown} is encrypted`);
    if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
      throw notXlsx(`${shown} uses compression method ${e.compressionMethod}`);
    if (e.uncompressedSize > limits.maxEntryBytes) throw entryTooLarge(name, e.uncompressedSize, limits);
    declared += e.uncompressedSize;
    if (declared > limits.maxTotalBytes) throw totalTooLarge(declared, limits);
    if (
      e.uncompressedSize > RATIO_FLOOR &&
      e.uncompressedSize > e.compressedSize * limits.maxCompressionRatio
    )
      throw ratioTooHigh(name, e.uncompressedSize, e.compressedSize, limits);
  }
}

const unexpectedPart = (shown: string) =>
  refuse(
    'UPLOAD_UNEXPECTED_PART',
    `the zip holds ${shown}, which is not a part of an xlsx workbook; only workbooks exported by this service can be read`,
    400,
  );
const entryTooLarge = (name: string, bytes: number, limits: UploadLimits) =>
  refuse(
    'UPLOAD_ENTRY_TOO_LARGE',
    `the part ${JSON.stringify(name)} of the workbook unpacks to ${bytes >= limits.maxEntryBytes ? 'more than ' : ''}${mib(bytes)}; at most ${mib(limits.maxEntryBytes)} are accepted (limit maxEntryBytes)`,
  );
const totalTooLarge = (bytes: number, limits: UploadLimits) =>
  refuse(
    'UPLOAD_TOO_LARGE_UNPACKED',
    `the workbook unpacks to more than ${mib(Math.min(bytes, limits.maxTotalBytes))}; at most ${mib(limits.maxTotalBytes)} are accepted (limit maxTotalBytes)`,
  );
const ratioTooHigh = (name: string, bytes: number, compressed: number, limits: UploadLimits) =>
  refuse(
    'UPLOAD_COMPRESSION_RATIO',
    `the part ${JSON.stringify(name)} unpacks ${n(Math.floor(bytes / Math.max(1, compressed)))} times its packed size; at most ${n(limits.maxCompressionRatio)} times is accepted (limit maxCompressionRatio)`,
  );

interface Budget {
  /** Bytes inflated so far, all entries together. */
  bytes: number;
  /** Cells of all sheets, and cells covered by data validations. */
  cells: number;
  validated: number;
}

/** Inflates one entry as a stream, counting as it goes; cut at the first limit passed. */
function inflate(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: UploadLimits,
  budget: Budget,
  scanner: XmlScanner | null,
): Promise<Buffer> {
  const name = entry.fileName;
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(notXlsx(err?.message ?? `${name} cannot be read`));
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const fail = (e: unknown) => {
        if (done) return;
        done = true;
        stream.destroy();
        reject(e);
      };
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        budget.bytes += chunk.length;
        if (size > limits.maxEntryBytes) return fail(entryTooLarge(name, size, limits));
        if (budget.bytes > limits.maxTotalBytes) return fail(totalTooLarge(budget.bytes, limits));
        if (size > RATIO_FLOOR && size > entry.compressedSize * limits.maxCompressionRatio)
          return fail(ratioTooHigh(name, size, entry.compressedSize, limits));
        try {
          scanner?.feed(chunk);
        } catch (e) {
          return fail(e);
        }
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) => {
        // yauzl's check that an entry holds no more (or fewer) bytes than its header declares.
        if (/bytes in the stream/.test(e.message))
          return fail(
            refuse(
              'UPLOAD_ENTRY_SIZE_MISMATCH',
              `the part ${JSON.stringify(name)} does not unpack to the size its header declares (${n(entry.uncompressedSize)} bytes); the zip is damaged or crafted`,
              400,
            ),
          );
        fail(notXlsx(`${name}: ${e.message}`));
      });
      stream.on('end', () => {
        if (done) return;
        try {
          scanner?.end();
        } catch (e) {
          return fail(e);
        }
        done = true;
        resolve(Buffer.concat(chunks, size));
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The XML scanner: start tags only, as the text streams by

type TagHandler = (name: string, attrs: string) => void;

/**
 * Reports each start tag (local name without prefix, and its attribute text) of an XML text
 * fed in chunks. Holds one tag at most; comments, CDATA and processing instructions are
 * skipped; a `<!DOCTYPE` (or any other declaration) is refused.
 */
export class XmlScanner {
  private readonly decoder = new StringDecoder('utf8');
  private state: 'text' | 'lt' | 'bang' | 'tag' | 'skip' = 'text';
  private tag = '';
  private quote = 0;
  private until = '';
  private carry = '';

  constructor(
    private readonly part: string,
    private readonly onTag: TagHandler,
  ) {}

  feed(chunk: Buffer): void {
    this.scan(this.decoder.write(chunk));
  }

  end(): void {
    this.scan(this.decoder.end());
  }

  private scan(s: string): void {
    let i = 0;
    const len = s.length;
    while (i < len) {
      switch (this.state) {
        case 'text': {
          const j = s.indexOf('<', i);
          if (j < 0) return;
          i = j + 1;
          this.state = 'lt';
          break;
        }
        case 'lt': {
          const c = s[i];
          if (c === '?') {
            this.skipUntil('?>');
            i++;
          } else if (c === '!') {
            this.state = 'bang';
            this.tag = '';
            i++;
          } else {
            this.state = 'tag';
            this.tag = '';
            this.quote = 0;
          }
          break;
        }
        case 'bang': {
          // `<!--` a comment, `<![CDATA[` text; anything else is a declaration (DOCTYPE, ENTITY).
          while (i < len && this.state === 'bang') {
            this.tag += s[i++];
            if (this.tag === '--') this.skipUntil('-->');
            else if (this.tag === '[CDATA[') this.skipUntil(']]>');
            else if (!'--'.startsWith(this.tag) && !'[CDATA['.startsWith(this.tag)) {
              throw refuse(
                'UPLOAD_XML_DECLARATION',
                `the part ${JSON.stringify(this.part)} holds an XML declaration (<!${this.tag}…, such as a DOCTYPE or an ENTITY), which an xlsx never has`,
                400,
              );
            }
          }
          break;
        }
        case 'skip': {
          const hay = this.carry + s.slice(i);
          const j = hay.indexOf(this.until);
          if (j < 0) {
            this.carry = hay.slice(-(this.until.length - 1));
            return;
          }
          i += j - this.carry.length + this.until.length;
          this.carry = '';
          this.state = 'text';
          break;
        }
        case 'tag': {
          let j = i;
          let quote = this.quote;
          for (; j < len; j++) {
            const c = s.charCodeAt(j);
            if (quote !== 0) {
              if (c === quote) quote = 0;
            } else if (c === 34 || c === 39) quote = c;
            else if (c === 62) break; // '>'
          }
          this.quote = quote;
          this.tag += s.slice(i, j);
          if (this.tag.length > MAX_TAG_CHARS) {
            throw refuse(
              'UPLOAD_XML_TAG_TOO_LONG',
              `the part ${JSON.stringify(this.part)} holds a tag longer than ${n(MAX_TAG_CHARS)} characters`,
            );
          }
          if (j >= len) return;
          i = j + 1;
          this.state = 'text';
          this.startTag(this.tag);
          this.tag = '';
          break;
        }
      }
    }
  }

  private skipUntil(terminator: string): void {
    this.state = 'skip';
    this.until = terminator;
    this.carry = '';
  }

  private startTag(t: string): void {
    if (t.charCodeAt(0) === 47) return; // '/': an end tag
    const m = /^[^\s/>]+/.exec(t);
    if (!m) return;
    const qname = m[0];
    const colon = qname.indexOf(':');
    const end = t.charCodeAt(t.length - 1) === 47 ? t.length - 1 : t.length; // '/>' of an empty tag
    this.onTag(colon >= 0 ? qname.slice(colon + 1) : qname, t.slice(qname.length, end));
  }
}

const ATTRS = new Map<string, RegExp>();
/** The value of attribute `name` (unprefixed) in a tag's attribute text, or undefined. */
export function attr(attrs: string, name: string): string | undefined {
  let re = ATTRS.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRS.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// What each part may hold

/** Column number → letters (1 → A, 26 → Z, 27 → AA). */
export function columnLetters(col: number): string {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

interface Ref {
  row: number;
  col: number;
}

/**
 * One end of a reference: `B7`, `$B$7`, or a whole column (`B`) or row (`7`) as in `B:B`.
 * Letters and digits are capped in length so a huge number cannot be built.
 */
function parseRefEnd(text: string): Ref | null {
  const m = /^\$?([A-Za-z]{0,4})\$?(\d{0,8})$/.exec(text);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: m[1] === '' ? EXCEL_MAX_COLUMN : col, row: m[2] === '' ? EXCEL_MAX_ROW : Number(m[2]) };
}

interface Range {
  top: Ref;
  bottom: Ref;
}

function parseRange(text: string): Range | null {
  const [a, b, extra] = text.split(':');
  if (extra !== undefined) return null;
  const top = parseRefEnd(a);
  const bottom = b === undefined ? top : parseRefEnd(b);
  if (!top || !bottom) return null;
  return {
    top: { row: Math.min(top.row, bottom.row), col: Math.min(top.col, bottom.col) },
    bottom: { row: Math.max(top.row, bottom.row), col: Math.max(top.col, bottom.col) },
  };
}

function scannerFor(part: string, limits: UploadLimits, budget: Budget): XmlScanner {
  if (SHEET.test(part)) return new XmlScanner(part, sheetChecks(part, limits, budget));
  if (part === 'xl/sharedStrings.xml') {
    let strings = 0;
    return new XmlScanner(part, (name) => {
      if (name === 'si' && ++strings > limits.maxSharedStrings) {
        throw refuse(
          'UPLOAD_TOO_MANY_SHARED_STRINGS',
          `the workbook's shared-string table holds more than ${n(limits.maxSharedStrings)} strings (limit maxSharedStrings)`,
        );
      }
    });
  }
  if (/^xl\/comments\d+\.xml$/.test(part)) {
    const within = bounds(part, limits);
    return new XmlScanner(part, (name, attrs) => {
      if (name === 'comment') within(attr(attrs, 'ref'), 'a comment');
    });
  }
  if (/^xl\/tables\//.test(part)) {
    const within = bounds(part, limits);
    return new XmlScanner(part, (name, attrs) => {
      if (name === 'table' || name === 'autoFilter') within(attr(attrs, 'ref'), `a ${name}`);
    });
  }
  return new XmlScanner(part, () => undefined);
}

/** Checks a reference (a cell or a range) against the row and column limits; returns its range. */
function bounds(part: string, limits: UploadLimits) {
  return (ref: string | undefined, what: string): Range | null => {
    if (ref === undefined) return null;
    const range = parseRange(ref.trim());
    if (!range) {
      throw refuse(
        'UPLOAD_BAD_REFERENCE',
        `the part ${JSON.stringify(part)} has ${what} at ${JSON.stringify(ref.slice(0, 40))}, which is not a cell reference`,
        400,
      );
    }
    const { row, col } = range.bottom;
    if (row > limits.maxRows || col > limits.maxColumns) {
      throw refuse(
        'UPLOAD_CELL_OUT_OF_RANGE',
        `the part ${JSON.stringify(part)} has ${what} at ${ref.slice(0, 40)} (row ${n(row)}, column ${columnLetters(Math.min(col, EXCEL_MAX_COLUMN))}); a form holds at most ${n(limits.maxRows)} rows and columns A to ${columnLetters(limits.maxColumns)} (limits maxRows, maxColumns)`,
      );
    }
    return range;
  };
}

function sheetChecks(part: string, limits: UploadLimits, budget: Budget): TagHandler {
  const within = bounds(part, limits);
  let row = 0;
  let col = 0;
  let merges = 0;
  return (name, attrs) => {
    switch (name) {
      case 'dimension':
        within(attr(attrs, 'ref'), 'its dimension');
        return;
      case 'row': {
        const r = attr(attrs, 'r');
        if (r !== undefined && !/^\d{1,8}$/.test(r))
          throw refuse(
            'UPLOAD_BAD_REFERENCE',
            `the part ${JSON.stringify(part)} has a row numbered ${JSON.stringify(r.slice(0, 20))}`,
            400,
          );
        row = r === undefined ? row + 1 : Number(r);
        col = 0;
        within(`A${row}`, `row ${n(row)}`);
        return;
      }
      case 'c': {
        const r = attr(attrs, 'r');
        const range = within(
          r ?? `${columnLetters(Math.min(col + 1, EXCEL_MAX_COLUMN))}${Math.max(row, 1)}`,
          'a cell',
        );
        col = range ? range.top.col : col + 1;
        if (++budget.cells > limits.maxCells) {
          throw refuse(
            'UPLOAD_TOO_MANY_CELLS',
            `the workbook holds more than ${n(limits.maxCells)} cells (limit maxCells)`,
          );
        }
        return;
      }
      case 'col': {
        // exceljs makes one column object per column of a <col min max> range.
        const min = Number(attr(attrs, 'min') ?? 1);
        const max = Number(attr(attrs, 'max') ?? min);
        if (
          !Number.isInteger(min) ||
          !Number.isInteger(max) ||
          min < 1 ||
          max < min ||
          max > EXCEL_MAX_COLUMN
        ) {
          throw refuse(
            'UPLOAD_CELL_OUT_OF_RANGE',
            `the part ${JSON.stringify(part)} has a column range ${String(min).slice(0, 12)}..${String(max).slice(0, 12)}; columns run from 1 to ${n(EXCEL_MAX_COLUMN)}`,
          );
        }
        return;
      }
      case 'mergeCell':
        if (++merges > limits.maxMergedCells) {
          throw refuse(
            'UPLOAD_TOO_MANY_MERGED_CELLS',
            `the part ${JSON.stringify(part)} has more than ${n(limits.maxMergedCells)} merged ranges (limit maxMergedCells)`,
          );
        }
        within(attr(attrs, 'ref') ?? '', 'a merged range');
        return;
      case 'dataValidation':
        // exceljs records a data validation once per cell of its ranges.
        for (const ref of (attr(attrs, 'sqref') ?? '').split(/\s+/).filter(Boolean)) {
          const range = within(ref, 'a data validation');
          if (!range) continue;
          budget.validated += (range.bottom.row - range.top.row + 1) * (range.bottom.col - range.top.col + 1);
          if (budget.validated > limits.maxCells) {
            throw refuse(
              'UPLOAD_TOO_MANY_CELLS',
              `the workbook's data validations cover more than ${n(limits.maxCells)} cells (limit maxCells)`,
            );
          }
        }
        return;
      case 'hyperlink':
        within(attr(attrs, 'ref'), 'a hyperlink');
        return;
    }
  };
}
