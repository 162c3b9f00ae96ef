import { PassThrough } from 'node:stream';
import type { CellValue } from '@doudi/domain';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/**
 * Reading the sheets of an uploaded `.xlsx`, shared by the registry's import and the departments' data.
 *
 * The file is already in memory, so the archive is opened through its central directory (JSZip) and its parts are
 * read in the order the format needs — relationships, workbook, shared strings, styles, then the sheets in tab
 * order — each sheet's XML streamed into ExcelJS's row parser. ExcelJS's own streaming reader is not used: it reads
 * the archive front to back with `unzipper.Parse`, which signals the end of the archive as soon as its input is
 * consumed, so a part still queued behind a slow step (the sheets are parked in temporary files until the shared
 * strings are read) can be dropped. Files saved by ExcelJS put `xl/workbook.xml` last, and under load the reader
 * then failed with "Cannot read properties of undefined (reading 'sheets')" on a file it had read a moment before.
 *
 * The part parsers are ExcelJS's (4.4.0, pinned in package.json), reached through the reader's internal methods.
 */

export interface XlsxRow {
  number: number;
  cells: CellValue[];
}

export interface XlsxSheet {
  name: string;
  /** The sheet's non-blank rows; leaving the loop early stops reading the sheet. */
  rows: AsyncIterable<XlsxRow>;
}

type WorksheetReader = AsyncIterable<{ number: number; values: unknown }>;

/** The parts of ExcelJS's `WorkbookReader` used here (lib/stream/xlsx/workbook-reader.js). */
interface ReaderInternals {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string; name: string }[] };
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: WorksheetReader & { name?: string } }>;
}

const SHEET_PATH = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** A part's bytes as a Node stream (JSZip's own streams predate async iteration). */
function partStream(file: JSZip.JSZipObject): PassThrough {
  const out = new PassThrough();
  const source = file.nodeStream('nodebuffer');
  source.on('error', (err: Error) => out.destroy(err));
  out.on('close', () => source.unpipe(out));
  source.pipe(out);
  return out;
}

/** The workbook's sheets, in tab order, each read only when its rows are iterated. */
export async function* readXlsxSheets(data: Buffer): AsyncGenerator<XlsxSheet> {
  const zip = await JSZip.loadAsync(data);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(new PassThrough(), {
    worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore',
  }) as unknown as ReaderInternals;
  const part = (path: string) => zip.file(path);
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(partStream(rels));
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw new Error('缺少 xl/workbook.xml');
  await reader._parseWorkbook(partStream(workbook));
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(partStream(strings))) { /* cached by the reader */ }
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(partStream(styles));

  const byTarget = new Map((reader.workbookRels ?? []).map((r) => [r.Target.replace(/^\/?(xl\/)?/, ''), r.Id]));
  const tabOrder = new Map((reader.model?.sheets ?? []).map((s, i) => [s.rId, i]));
  const sheets = Object.keys(zip.files)
    .map((path) => ({ path, no: SHEET_PATH.exec(path)?.[1] }))
    .filter((s): s is { path: string; no: string } => s.no !== undefined)
    .map((s) => ({ ...s, tab: tabOrder.get(byTarget.get(`worksheets/sheet${s.no}.xml`) ?? '') ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.tab - b.tab || Number(a.no) - Number(b.no));

  for (const sheet of sheets) {
    const file = part(sheet.path)!;
    let stream: PassThrough | null = null;
    let worksheet: (WorksheetReader & { name?: string }) | null = null;
    for (const event of reader._parseWorksheet({ [Symbol.asyncIterator]: () => (stream ??= partStream(file))[Symbol.asyncIterator]() }, sheet.no)) {
      if (event.eventType === 'worksheet') worksheet = event.value;
    }
    if (!worksheet) continue;
    try {
      yield { name: worksheet.name ?? '', rows: rowsOf(worksheet) };
    } finally {
      (stream as PassThrough | null)?.destroy();
    }
  }
}

async function* rowsOf(worksheet: WorksheetReader): AsyncGenerator<XlsxRow> {
  for await (const row of worksheet) {
    const values = row.values as unknown[];
    const cells: CellValue[] = [];
    for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
    yield { number: row.number, cells };
  }
}

/** A spreadsheet cell as a plain value: rich text joined, formulas by their result, hyperlinks by their text. */
function plainCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o || 'formula' in o || 'sharedFormula' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if (o.error) return String(o.error);
  }
  return String(v);
}
