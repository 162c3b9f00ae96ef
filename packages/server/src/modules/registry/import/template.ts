import { SUMMARY_TITLE, TEMPLATE_COLUMNS } from '@doudi/domain';
import ExcelJS from 'exceljs';

/**
 * The import template: sheet 「人员名单」 (one row per person, the headings of TEMPLATE_COLUMNS, drop-down lists of
 * Chinese labels on every single-choice column, the ID-number column formatted as text), sheet 「填写说明」 and a
 * hidden sheet 「选项」 holding the lists the drop-downs refer to.
 */

export const TEMPLATE_SHEET = '人员名单';
export const TEMPLATE_FILE_NAME = '低收入人口导入模板.xlsx';
/** Rows of the data sheet that carry the drop-down lists and the text format. */
const TEMPLATE_ROWS = 5_000;

type WithValidations = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Doudi 兜底';
  wb.created = new Date();
  const sheet = wb.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const notes = wb.addWorksheet('填写说明');
  const lists = wb.addWorksheet('选项', { state: 'hidden' });

  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.heading, key: c.field, width: c.width }));
  const header = sheet.getRow(1);
  header.height = 24;
  header.eachCell((cell, n) => {
    const c = TEMPLATE_COLUMNS[n - 1]!;
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.scope === 'household' ? 'FFFCE4D6' : 'FFDDEBF7' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
    cell.note = c.note || c.heading;
  });

  let listColumn = 0;
  TEMPLATE_COLUMNS.forEach((c, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    const range = `${letter}2:${letter}${TEMPLATE_ROWS + 1}`;
    if (c.kind === 'idNumber' || c.field === 'phone' || c.kind === 'key' || c.kind === 'village') {
      // Text, so that 18-digit numbers and leading zeros survive typing and pasting.
      sheet.getColumn(i + 1).numFmt = '@';
    }
    if (c.kind === 'label' && c.set) {
      listColumn++;
      const col = lists.getColumn(listColumn);
      col.values = [c.heading, ...c.set.options.map((o) => o.label)];
      const ref = `'选项'!$${col.letter}$2:$${col.letter}$${c.set.options.length + 1}`;
      (sheet as unknown as WithValidations).dataValidations.add(range, {
        type: 'list', allowBlank: true, formulae: [ref],
        showErrorMessage: true, errorStyle: 'stop', errorTitle: c.heading, error: `请从下拉列表中选择${c.heading}`,
      });
    }
  });

  notes.columns = [{ header: '列名', width: 18 }, { header: '是否必填', width: 10 }, { header: '填写说明', width: 100 }];
  notes.getRow(1).font = { bold: true };
  const general = [
    ['怎样填', '', '每行填写一名家庭成员；同一户的成员填写相同的「户编号」。家庭信息（表头为橙色的列）只需填在户主行，其他行可留空或照抄。'],
    ['重复导入', '', '按身份证号码识别人员：已在系统中登记、信息相同的人员不作改动；信息不同的，只更新本表中填写了的单元格（留空的单元格不会清空系统中的内容），并记入家庭变更历史。同一人只能在一户登记：已在其他户登记的人员会被列为错误行。'],
    ['导入方式', '', '上传后先预览，列出每个错误所在的行和列；再选择「全部或不导入」（有任何错误则不导入）或「仅导入正确行」。'],
    ['其他格式', '', `也可导入附件3「${SUMMARY_TITLE}」（每行一户，只导入户主），或与本模板列名相同的 CSV 文件（UTF-8 编码，适合大批量）。`],
    ['', '', ''],
  ];
  for (const g of general) notes.addRow(g).getCell(1).font = { bold: true };
  for (const c of TEMPLATE_COLUMNS) {
    const r = notes.addRow([c.heading, c.required ? (c.scope === 'household' ? '户主行必填' : '必填') : '', c.note]);
    if (c.required) r.getCell(2).font = { color: { argb: 'FFC00000' } };
  }
  notes.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  notes.addRow([]);
  notes.addRow(['示例', '', '户编号 1：张三（户主，身份证号码…，所在村「大塘镇东岳村」，城市/农村「农村」，户籍地址…）；李四（配偶）只填户编号 1 和个人信息。']);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
