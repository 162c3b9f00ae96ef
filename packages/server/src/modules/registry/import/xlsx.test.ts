import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readXlsxSheets, type XlsxRow } from './xlsx.js';

/** A two-sheet workbook as ExcelJS writes it: shared strings, a date, a formula, rich text; 说明 is the first tab. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('说明');
  notes.addRow(['填表说明：身份证号码填18位']);
  const data = wb.addWorksheet('名册');
  data.addRow(['姓名', '出生日期', '年收入', '备注']);
  data.addRow(['张三', new Date(Date.UTC(1960, 5, 6)), { formula: '1000*12', result: 12000 }, { richText: [{ text: '独' }, { text: '居' }] }]);
  data.addRow([]);
  data.addRow(['李四', null, 800, null]);
  // Tab order differs from the parts' numbering: 名册 (sheet2) is moved before 说明 (sheet1), as when a user drags
  // its tab to the front in Excel.
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  const tabs = /<sheets>(<sheet [^>]*\/>)(<sheet [^>]*\/>)<\/sheets>/;
  expect(xml).toMatch(tabs);
  zip.file('xl/workbook.xml', xml.replace(tabs, '<sheets>$2$1</sheets>'));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The same archive with its parts stored in the given order (a zip's part order is free; writers differ). */
async function reorder(file: Buffer, first: (path: string) => number): Promise<Buffer> {
  const src = await JSZip.loadAsync(file);
  const out = new JSZip();
  const paths = Object.keys(src.files).filter((p) => !src.files[p]!.dir).sort((a, b) => first(a) - first(b));
  for (const p of paths) out.file(p, await src.file(p)!.async('nodebuffer'));
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function readAll(file: Buffer): Promise<{ name: string; rows: XlsxRow[] }[]> {
  const out: { name: string; rows: XlsxRow[] }[] = [];
  for await (const sheet of readXlsxSheets(file)) {
    const rows: XlsxRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    out.push({ name: sheet.name, rows });
  }
  return out;
}

describe('xlsx reader', () => {
  it('reads every sheet in tab order with plain cell values, blank rows skipped but numbered', async () => {
    const sheets = await readAll(await workbook());
    expect(sheets.map((s) => s.name)).toEqual(['名册', '说明']);
    expect(sheets[0]!.rows).toEqual([
      { number: 1, cells: ['姓名', '出生日期', '年收入', '备注'] },
      { number: 2, cells: ['张三', new Date(Date.UTC(1960, 5, 6)), 12000, '独居'] },
      { number: 4, cells: ['李四', null, 800] },
    ]);
    expect(sheets[1]!.rows).toEqual([{ number: 1, cells: ['填表说明：身份证号码填18位'] }]);
  });

  it('does not depend on the order of the parts in the archive', async () => {
    const expected = await readAll(await workbook());
    // The workbook part after the sheets and shared strings (as ExcelJS stores it), and the sheets before everything.
    const orders: ((p: string) => number)[] = [
      (p) => (p === 'xl/workbook.xml' ? 2 : p.includes('worksheets/') ? 1 : 0),
      (p) => (p.includes('worksheets/') ? 0 : 1),
      (p) => -p.length,
    ];
    for (const order of orders) expect(await readAll(await reorder(await workbook(), order))).toEqual(expected);
  });

  it('lets a caller leave a sheet early and go on to the next', async () => {
    const names: string[] = [];
    for await (const sheet of readXlsxSheets(await workbook())) {
      for await (const row of sheet.rows) {
        names.push(`${sheet.name}:${row.number}`);
        break;
      }
    }
    expect(names).toEqual(['名册:1', '说明:1']);
  });

  it('rejects a file that is not a workbook', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'not a workbook');
    const file = await zip.generateAsync({ type: 'nodebuffer' });
    await expect(readAll(file)).rejects.toThrow('缺少 xl/workbook.xml');
    await expect(readAll(Buffer.from('PK\u0003\u0004 broken'))).rejects.toThrow();
  });
});
