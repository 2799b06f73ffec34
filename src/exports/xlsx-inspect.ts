import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import type { AppConfig } from '../../config/defaults';
import type { AppError } from '../common/errors';
import { ExportsErrors, type NotXlsxReason, type ReferenceKind } from './exports.messages';

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
 * Refusals come from the module's catalogue (exports.messages.ts): 413 for a limit, 400 for a
 * file that is not an xlsx; the message says the limit in words, the body names the setting
 * (`limit`) and the `field` is `file`.
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

/** The field of every refusal here: the uploaded file. */
const FILE = { field: 'file' } as const;

/** A refusal at a configured limit: the body names the setting (`limit`) and its value (`max`). */
const atLimit = (limit: keyof UploadLimits, max: number) => ({ ...FILE, limit, max });

/** The file is not an xlsx: `reason` in words, the technical detail (English) for the English text only. */
export function notXlsx(reason: NotXlsxReason, detail?: string): AppError {
  return ExportsErrors.UPLOAD_NOT_XLSX({ reason, ...(detail ? { detail: detail.slice(0, 160) } : {}) }, FILE);
}

/** Inspects an upload; returns its parts inflated, or throws a refusal naming the limit. */
export async function inspectXlsx(buf: Buffer, limits: UploadLimits): Promise<XlsxPart[]> {
  const zip = await openZip(buf);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw ExportsErrors.UPLOAD_TOO_MANY_ENTRIES(
        { count: zip.entryCount, max: limits.maxEntries },
        atLimit('maxEntries', limits.maxEntries),
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
    if (!parts.some((p) => p.name === 'xl/workbook.xml')) throw notXlsx('noWorkbook');
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
      (err, zip) => (err || !zip ? reject(notXlsx('notZip', err?.message)) : resolve(zip)),
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
          ? ExportsErrors.UPLOAD_UNEXPECTED_PART(
              { part: partName(e.message.replace(/^[^:]*:\s*/, '')), detail: e.message.slice(0, 120) },
              FILE,
            )
          : notXlsx('notZip', e.message),
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
    const shown = partName(name);
    if (name.endsWith('/')) {
      if (!DIRECTORY.test(name)) throw unexpectedPart(shown);
      continue;
    }
    if (!PART_NAMES.some((re) => re.test(name))) throw unexpectedPart(shown);
    // Two entries of one name: zip readers disagree on which one counts.
    if (seen.has(name)) throw ExportsErrors.UPLOAD_DUPLICATE_PART({ part: shown }, FILE);
    seen.add(name);
    if (e.isEncrypted()) throw notXlsx('encrypted', `${shown} is encrypted`);
    if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
      throw notXlsx('compression', `${shown} uses compression method ${e.compressionMethod}`);
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

/** A part's name as shown in a message: printable, at most 100 characters. */
const partName = (name: string) => JSON.stringify(name.slice(0, 100)).slice(1, -1);

const unexpectedPart = (shown: string) => ExportsErrors.UPLOAD_UNEXPECTED_PART({ part: shown }, FILE);
const entryTooLarge = (name: string, bytes: number, limits: UploadLimits) =>
  ExportsErrors.UPLOAD_ENTRY_TOO_LARGE(
    { part: partName(name), bytes, max: limits.maxEntryBytes },
    atLimit('maxEntryBytes', limits.maxEntryBytes),
  );
const totalTooLarge = (bytes: number, limits: UploadLimits) =>
  ExportsErrors.UPLOAD_TOO_LARGE_UNPACKED(
    { bytes: Math.min(bytes, limits.maxTotalBytes), max: limits.maxTotalBytes },
    atLimit('maxTotalBytes', limits.maxTotalBytes),
  );
const ratioTooHigh = (name: string, bytes: number, compressed: number, limits: UploadLimits) =>
  ExportsErrors.UPLOAD_COMPRESSION_RATIO(
    {
      part: partName(name),
      ratio: Math.floor(bytes / Math.max(1, compressed)),
      max: limits.maxCompressionRatio,
    },
    atLimit('maxCompressionRatio', limits.maxCompressionRatio),
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
      if (err || !stream) return reject(notXlsx('unreadablePart', err?.message ?? `${name} cannot be read`));
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
            ExportsErrors.UPLOAD_ENTRY_SIZE_MISMATCH(
              { part: partName(name), declared: entry.uncompressedSize },
              FILE,
            ),
          );
        fail(notXlsx('unreadablePart', `${name}: ${e.message}`));
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
              throw ExportsErrors.UPLOAD_XML_DECLARATION(
                { part: partName(this.part), found: this.tag.slice(0, 20) },
                FILE,
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
            throw ExportsErrors.UPLOAD_XML_TAG_TOO_LONG(
              { part: partName(this.part), max: MAX_TAG_CHARS },
              FILE,
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
        throw ExportsErrors.UPLOAD_TOO_MANY_SHARED_STRINGS(
          { max: limits.maxSharedStrings },
          atLimit('maxSharedStrings', limits.maxSharedStrings),
        );
      }
    });
  }
  if (/^xl\/comments\d+\.xml$/.test(part)) {
    const within = bounds(part, limits);
    return new XmlScanner(part, (name, attrs) => {
      if (name === 'comment') within(attr(attrs, 'ref'), 'comment');
    });
  }
  if (/^xl\/tables\//.test(part)) {
    const within = bounds(part, limits);
    return new XmlScanner(part, (name, attrs) => {
      if (name === 'table' || name === 'autoFilter') within(attr(attrs, 'ref'), name);
    });
  }
  return new XmlScanner(part, () => undefined);
}

/** Checks a reference (a cell or a range) against the row and column limits; returns its range. */
function bounds(part: string, limits: UploadLimits) {
  const shown = partName(part);
  return (ref: string | undefined, kind: ReferenceKind): Range | null => {
    if (ref === undefined) return null;
    const range = parseRange(ref.trim());
    if (!range) throw ExportsErrors.UPLOAD_BAD_REFERENCE({ part: shown, kind, ref: ref.slice(0, 40) }, FILE);
    const { row, col } = range.bottom;
    if (row > limits.maxRows || col > limits.maxColumns) {
      throw ExportsErrors.UPLOAD_CELL_OUT_OF_RANGE(
        {
          part: shown,
          kind,
          ref: ref.slice(0, 40),
          row,
          column: columnLetters(Math.min(col, EXCEL_MAX_COLUMN)),
          columnNumber: col,
          maxRows: limits.maxRows,
          maxColumn: columnLetters(limits.maxColumns),
        },
        { ...FILE, limit: row > limits.maxRows ? 'maxRows' : 'maxColumns' },
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
        within(attr(attrs, 'ref'), 'dimension');
        return;
      case 'row': {
        const r = attr(attrs, 'r');
        if (r !== undefined && !/^\d{1,8}$/.test(r))
          throw ExportsErrors.UPLOAD_BAD_REFERENCE(
            { part: partName(part), kind: 'row', ref: r.slice(0, 20) },
            FILE,
          );
        row = r === undefined ? row + 1 : Number(r);
        col = 0;
        within(`A${row}`, 'row');
        return;
      }
      case 'c': {
        const r = attr(attrs, 'r');
        const range = within(
          r ?? `${columnLetters(Math.min(col + 1, EXCEL_MAX_COLUMN))}${Math.max(row, 1)}`,
          'cell',
        );
        col = range ? range.top.col : col + 1;
        if (++budget.cells > limits.maxCells) {
          throw ExportsErrors.UPLOAD_TOO_MANY_CELLS(
            { max: limits.maxCells },
            atLimit('maxCells', limits.maxCells),
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
          throw ExportsErrors.UPLOAD_CELL_OUT_OF_RANGE(
            {
              part: partName(part),
              // As the file writes them (a number that does not parse is shown as written, not as NaN).
              columns: {
                min: String(attr(attrs, 'min') ?? min).slice(0, 12),
                max: String(attr(attrs, 'max') ?? max).slice(0, 12),
                last: EXCEL_MAX_COLUMN,
              },
            },
            FILE,
          );
        }
        return;
      }
      case 'mergeCell':
        if (++merges > limits.maxMergedCells) {
          throw ExportsErrors.UPLOAD_TOO_MANY_MERGED_CELLS(
            { part: partName(part), max: limits.maxMergedCells },
            atLimit('maxMergedCells', limits.maxMergedCells),
          );
        }
        within(attr(attrs, 'ref') ?? '', 'mergedRange');
        return;
      case 'dataValidation':
        // exceljs records a data validation once per cell of its ranges.
        for (const ref of (attr(attrs, 'sqref') ?? '').split(/\s+/).filter(Boolean)) {
          const range = within(ref, 'dataValidation');
          if (!range) continue;
          budget.validated += (range.bottom.row - range.top.row + 1) * (range.bottom.col - range.top.col + 1);
          if (budget.validated > limits.maxCells) {
            throw ExportsErrors.UPLOAD_TOO_MANY_CELLS(
              { max: limits.maxCells, validations: true },
              atLimit('maxCells', limits.maxCells),
            );
          }
        }
        return;
      case 'hyperlink':
        within(attr(attrs, 'ref'), 'hyperlink');
        return;
    }
  };
}
