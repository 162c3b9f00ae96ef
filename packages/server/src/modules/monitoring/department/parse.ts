import {
  cellText, DEPARTMENT_SOURCE, matchDepartmentHeader, missingColumnsMessage, type CellValue, type DepartmentSource,
} from '@doudi/domain';
import { CsvError, CsvReader } from '../../registry/import/csv.js';
import { decodeText, fileError } from '../../registry/import/parse.js';
import { readXlsxSheets } from '../../registry/import/xlsx.js';

/**
 * Reading a department's file: `.xlsx` (first sheet with a recognisable header) or CSV (UTF-8 with or without BOM,
 * else GB18030 as Chinese Excel saves it). The registry's reader looks for the registry's own header, so this one
 * searches the first rows for the source's header instead — the row holding the ID-number column. Cells are turned
 * into text (dates as YYYY-MM-DD), which is what `parseDepartmentRow` reads. Blank rows are skipped but keep their
 * numbers, so every row is named as the user sees it in WPS or Excel.
 */

export interface DepartmentSheet {
  header: string[];
  headerRow: number;
  rows: { row: number; fields: string[] }[];
}

/** Rows searched for the header in each sheet (departments often put a title and a unit line above it). */
const HEADER_SEARCH_ROWS = 20;

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function readDepartmentFile(source: DepartmentSource, data: Buffer): Promise<DepartmentSheet> {
  if (data.length === 0) throw fileError('文件为空');
  if (data.subarray(0, 4).equals(XLS_MAGIC)) {
    throw fileError('不支持旧版 .xls 文件：请在 WPS 或 Excel 中「另存为」.xlsx 后再导入');
  }
  const sheet = data.subarray(0, 4).equals(XLSX_MAGIC) ? await readXlsx(source, data) : readCsv(source, data);
  if (!sheet) {
    throw fileError(`未找到表头：文件前${HEADER_SEARCH_ROWS}行中没有「身份证号码」列。请使用「${DEPARTMENT_SOURCE.labels[source]}」的数据比对模板`);
  }
  const missing = missingColumnsMessage(source, sheet.header);
  if (missing) throw fileError(`第${sheet.headerRow}行的表头${missing}`);
  return sheet;
}

class Collector {
  header: string[] | null = null;
  headerRow = 0;
  rows: { row: number; fields: string[] }[] = [];
  #seen = 0;

  constructor(private readonly source: DepartmentSource) {}

  /** False once the sheet can be given up (no header in its first rows). */
  add(row: number, cells: readonly CellValue[]): boolean {
    const fields = cells.map(cellText);
    if (!this.header) {
      if (++this.#seen > HEADER_SEARCH_ROWS) return false;
      if (matchDepartmentHeader(this.source, fields).columns.has('idNumber')) {
        this.header = fields;
        this.headerRow = row;
      }
      return true;
    }
    if (fields.every((f) => f === '')) return true;
    this.rows.push({ row, fields });
    return true;
  }

  sheet(): DepartmentSheet | null {
    return this.header ? { header: this.header, headerRow: this.headerRow, rows: this.rows } : null;
  }
}

/** The first sheet with the source's header. */
async function readXlsx(source: DepartmentSource, data: Buffer): Promise<DepartmentSheet | null> {
  try {
    for await (const sheet of readXlsxSheets(data)) {
      const collector = new Collector(source);
      for await (const row of sheet.rows) if (!collector.add(row.number, row.cells)) break;
      const found = collector.sheet();
      if (found) return found;
    }
  } catch (err) {
    throw fileError(`无法读取 .xlsx 文件（${(err as Error).message}）：请确认文件未损坏，或在 WPS/Excel 中重新保存`);
  }
  return null;
}

function readCsv(source: DepartmentSource, data: Buffer): DepartmentSheet | null {
  const collector = new Collector(source);
  let stopped = false;
  const reader = new CsvReader((fields, record) => {
    if (!stopped && !collector.add(record, fields)) stopped = true;
  });
  try {
    const text = decodeText(data);
    for (let i = 0; i < text.length && !stopped; i += 1 << 20) reader.push(text.slice(i, i + (1 << 20)));
    if (!stopped) reader.end();
  } catch (err) {
    if (err instanceof CsvError) throw fileError(err.message);
    throw err;
  }
  return collector.sheet();
}
