import { DEPARTMENT_COLUMNS, DEPARTMENT_SOURCE, templateColumns, type DepartmentSource } from '@doudi/domain';
import ExcelJS from 'exceljs';

/**
 * A source's data-comparison template: sheet 「数据」 (the source's headings, required ones in red, a note on each,
 * drop-down lists where the column has fixed values, the ID-number column formatted as text), sheet 「填写说明」 and
 * a hidden sheet 「选项」 holding the lists the drop-downs refer to.
 */

export const DEPARTMENT_TEMPLATE_SHEET = '数据';
/** Rows of the data sheet that carry the drop-down lists and the text format. */
const TEMPLATE_ROWS = 5_000;

export const templateFileName = (source: DepartmentSource) => `数据比对模板-${DEPARTMENT_SOURCE.labels[source]}.xlsx`;

type WithValidations = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

export async function buildDepartmentTemplate(source: DepartmentSource): Promise<Buffer> {
  const columns = templateColumns(source);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Doudi 兜底';
  wb.created = new Date();
  const sheet = wb.addWorksheet(DEPARTMENT_TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const notes = wb.addWorksheet('填写说明');
  const lists = wb.addWorksheet('选项', { state: 'hidden' });

  sheet.columns = columns.map((c) => ({ header: c.heading, width: c.width }));
  const header = sheet.getRow(1);
  header.height = 24;
  header.eachCell((cell, n) => {
    const c = columns[n - 1]!;
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
    cell.note = c.note;
  });

  let listColumn = 0;
  columns.forEach((c, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    // Text, so that 18-digit ID numbers keep every digit (a number cell would round them).
    if (DEPARTMENT_COLUMNS[source][i]?.kind === 'idNumber') sheet.getColumn(i + 1).numFmt = '@';
    if (c.options) {
      listColumn++;
      const col = lists.getColumn(listColumn);
      col.values = [c.heading, ...c.options];
      (sheet as unknown as WithValidations).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
        type: 'list', allowBlank: true, formulae: [`'选项'!$${col.letter}$2:$${col.letter}$${c.options.length + 1}`],
        showErrorMessage: true, errorStyle: 'stop', errorTitle: c.heading, error: `请从下拉列表中选择${c.heading}`,
      });
    }
  });

  notes.columns = [{ header: '列名', width: 20 }, { header: '是否必填', width: 10 }, { header: '填写说明', width: 90 }];
  notes.getRow(1).font = { bold: true };
  const general = [
    ['数据来源', '', DEPARTMENT_SOURCE.labels[source]],
    ['怎样填', '', '每行一人一条记录（同一人可有多行，如多次结算）。按身份证号码与低收入人口库比对，只比对您管辖范围内登记的人员。'],
    ['重复导入', '', '完全相同的行只保存一次：同一文件再次导入不会重复保存。'],
    ['其他格式', '', '也可导入列名相同的 CSV 文件（UTF-8 或 GBK 编码）。'],
    ['', '', ''],
  ];
  for (const g of general) notes.addRow(g).getCell(1).font = { bold: true };
  for (const c of columns) {
    const r = notes.addRow([c.heading, c.required ? '必填' : '', c.note]);
    if (c.required) r.getCell(2).font = { color: { argb: 'FFC00000' } };
  }
  notes.getColumn(3).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
