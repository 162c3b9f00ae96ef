import { isNotesRow, matchHeader, type CellValue, type HeaderMatch, type RawRow } from '@doudi/domain';
import { AppError } from '../../../http/errors.js';
import { CsvError, CsvReader } from './csv.js';
import { readXlsxSheets } from './xlsx.js';

/**
 * Reading an uploaded file into rows: `.xlsx` (the template or 附件3, read as a stream) or `.csv` (UTF-8 with or
 * without BOM; GB18030, as older Excel versions save CSV in China, is recognised too). The header row is searched in
 * the first rows of each sheet; the data rows follow it, up to a 附件3 说明 line. Blank rows are skipped but keep
 * their numbers, so every row is named as the user sees it in WPS or Excel.
 */

export type ImportFormat = 'summary' | 'template' | 'csv';

export interface ImportSheet {
  format: ImportFormat;
  header: HeaderMatch;
  headerRow: number;
  sheetName: string | null;
  rows: RawRow[];
}

/** A problem with the file as a whole (not with one of its rows). */
export const fileError = (message: string) => new AppError('VALIDATION', message, { field: 'file' });

/** Rows searched for the header in each sheet. */
const HEADER_SEARCH_ROWS = 20;

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function readImportFile(data: Buffer): Promise<ImportSheet> {
  if (data.length === 0) throw fileError('文件为空');
  if (data.subarray(0, 4).equals(XLS_MAGIC)) {
    throw fileError('不支持旧版 .xls 文件：请在 WPS 或 Excel 中「另存为」.xlsx 后再导入');
  }
  const sheet = data.subarray(0, 4).equals(XLSX_MAGIC) ? await readXlsx(data) : readCsv(data);
  if (sheet.header.missing.length) {
    throw fileError(`第${sheet.headerRow}行的表头缺少必需的列：${sheet.header.missing.map((h) => `「${h}」`).join('')}`);
  }
  return sheet;
}

/** Collects rows: before the header, looks for it; after it, keeps non-blank rows until a 说明 line. */
class RowCollector {
  header: HeaderMatch | null = null;
  headerRow = 0;
  rows: RawRow[] = [];
  done = false;
  #seen = 0;

  /** False once the sheet can be skipped (no header in its first rows). */
  add(row: number, cells: CellValue[]): boolean {
    if (this.done) return true;
    if (!this.header) {
      if (++this.#seen > HEADER_SEARCH_ROWS) return false;
      const h = matchHeader(cells);
      if (h) {
        this.header = h;
        this.headerRow = row;
      }
      return true;
    }
    if (cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) return true;
    if (this.header.layout === 'summary') {
      if (isNotesRow(cells)) {
        this.done = true;
        return true;
      }
      // 附件3 forms are printed with numbered empty rows: a row with only 序号 is blank.
      const seq = this.header.columns.get('seq');
      if (cells.every((c, i) => i === seq || c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) return true;
    }
    this.rows.push({ row, cells });
    return true;
  }
}

function noHeader(): never {
  throw fileError('未找到表头：请使用系统下载的导入模板，或附件3「农村低收入群众信息汇总统计表」（表头含「姓名」「身份证号码」等列）');
}

/** The first sheet with a recognisable header, read up to its end or its 说明 lines. */
async function readXlsx(data: Buffer): Promise<ImportSheet> {
  let found: { collector: RowCollector; name: string } | null = null;
  try {
    for await (const sheet of readXlsxSheets(data)) {
      const collector = new RowCollector();
      for await (const row of sheet.rows) if (!collector.add(row.number, row.cells) || collector.done) break;
      if (collector.header) {
        found = { collector, name: sheet.name };
        break;
      }
    }
  } catch (err) {
    throw fileError(`无法读取 .xlsx 文件（${(err as Error).message}）：请确认文件未损坏，或在 WPS/Excel 中重新保存`);
  }
  if (!found) noHeader();
  const { collector, name } = found;
  const header = collector.header!;
  return {
    format: header.layout === 'summary' ? 'summary' : 'template', header, headerRow: collector.headerRow, sheetName: name, rows: collector.rows,
  };
}

/** UTF-8 (with or without BOM); otherwise GB18030. */
export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function readCsv(data: Buffer): ImportSheet {
  const text = decodeText(data);
  const collector = new RowCollector();
  let stopped = false;
  const reader = new CsvReader((fields, record) => {
    if (stopped) return;
    if (!collector.add(record, fields) && !collector.header) stopped = true;
  });
  try {
    // Fed in slices, as a stream would be.
    for (let i = 0; i < text.length && !stopped; i += 1 << 20) reader.push(text.slice(i, i + (1 << 20)));
    if (!stopped) reader.end();
  } catch (err) {
    if (err instanceof CsvError) throw fileError(err.message);
    throw err;
  }
  if (!collector.header) noHeader();
  return { format: 'csv', header: collector.header, headerRow: collector.headerRow, sheetName: null, rows: collector.rows };
}
