import { PassThrough } from 'node:stream';
import {
  activeCategories, POVERTY_REASON, resolveParameter, summaryTableEntry, SUMMARY_HEADINGS, SUMMARY_NOTES, SUMMARY_TITLE, URBAN_RURAL,
  type HouseholdCategory, type PolicyParameter,
} from '@doudi/domain';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { FieldCrypto } from '../../../crypto/fieldCrypto.js';
import type { DB } from '../../../db/schema.js';
import { allStandards, summaryPage, type Cursor } from './queries.js';

/**
 * The official summary table 附件3 (农村低收入群众信息汇总统计表) of a region: its households whose monthly income per
 * head is above the 低保 standard and below multiplier × standard and that are not under 低保 or 特困 — the rule
 * `summaryTableEntry`, with the urban or rural standard and the multiplier in force today for each household's own
 * region. The form carries full ID numbers and phones (it is an official form; the caller audits the export).
 *
 * Written with ExcelJS's streaming writer, page by page of households, so only the compressed file is held.
 */

export interface SummaryExport {
  file: Buffer;
  /** Households on the form. */
  rows: number;
  /** Households with no 低保 standard or multiplier in force for their region (not evaluated). */
  withoutStandard: number;
}

const PAGE = 2_000;
const WIDTHS = [6, 10, 6, 21, 8, 30, 13, 16, 9, 14, 14];
const thin = { style: 'thin' } as const;
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** Standards resolved once per region code (households of a village share them). */
function standardsOf(params: readonly PolicyParameter[], today: string) {
  const cache = new Map<string, { urban?: number; rural?: number; multiplier?: number }>();
  return (regionCode: string) => {
    let s = cache.get(regionCode);
    if (!s) {
      s = {
        urban: resolveParameter(params, 'dibao_standard_urban_monthly', regionCode, today)?.value,
        rural: resolveParameter(params, 'dibao_standard_rural_monthly', regionCode, today)?.value,
        multiplier: resolveParameter(params, 'marginal_multiplier', regionCode, today)?.value,
      };
      cache.set(regionCode, s);
    }
    return s;
  };
}

const asList = <T>(v: unknown): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : ((v as T[] | null) ?? []));

export async function buildSummary(
  db: Kysely<DB>, fc: FieldCrypto, region: { code: string; name: string }, today: string,
): Promise<SummaryExport> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const last = String.fromCharCode(64 + SUMMARY_HEADINGS.length);
  const ws = wb.addWorksheet('附件3', {
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }, printTitlesRow: '4:4',
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 4 }],
  });
  ws.columns = WIDTHS.map((width) => ({ width }));

  const label = ws.addRow(['附件3']);
  label.font = { name: '黑体', size: 12 };
  label.commit();
  const title = ws.addRow([SUMMARY_TITLE]);
  ws.mergeCells(`A2:${last}2`);
  title.height = 32;
  title.getCell(1).font = { name: '方正小标宋简体', size: 18, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.commit();
  const unit = ws.addRow([`填报单位：${region.name}`]);
  ws.mergeCells(`A3:${last}3`);
  unit.getCell(1).font = { size: 11 };
  unit.commit();
  const head = ws.addRow([...SUMMARY_HEADINGS]);
  head.height = 28;
  head.eachCell((cell) => {
    cell.font = { bold: true, size: 11 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  head.commit();

  const standards = standardsOf(await allStandards(db), today);
  let rows = 0;
  let withoutStandard = 0;
  let cursor: Cursor | null = null;
  for (;;) {
    const page = await summaryPage(db, region.code, cursor, PAGE);
    if (page.length === 0) break;
    cursor = { regionCode: page[page.length - 1]!.region_code, id: page[page.length - 1]!.id };
    for (const h of page) {
      if (!h.head_name) continue; // a household without a current head has no row on the form
      const s = standards(h.region_code);
      const standard = h.urban_rural === 'urban' ? s.urban : s.rural;
      if (standard === undefined || s.multiplier === undefined) {
        withoutStandard++;
        continue;
      }
      const entry = summaryTableEntry(
        { monthlyIncomePerHead: h.income_per_head_fen, activeCategories: activeCategories(asList<HouseholdCategory>(h.categories), today) },
        standard, s.multiplier,
      );
      if (!entry.included) continue;
      rows++;
      const row = ws.addRow([
        rows,
        h.head_name,
        h.head_gender === 'female' ? '女' : '男',
        h.head_id_enc ? fc.decrypt(Buffer.from(h.head_id_enc)) : '',
        h.member_count,
        h.hukou_address,
        h.income_per_head_fen / 100,
        h.poverty_reasons.map((r) => POVERTY_REASON.labels[r as keyof typeof POVERTY_REASON.labels] ?? r).join('、'),
        URBAN_RURAL.labels[h.urban_rural as 'urban' | 'rural'] ?? h.urban_rural,
        h.head_phone_enc ? fc.decrypt(Buffer.from(h.head_phone_enc)) : '',
        entry.difficultyType,
      ]);
      row.eachCell({ includeEmpty: true }, (cell, n) => {
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', horizontal: n === 6 || n === 8 ? 'left' : 'center', wrapText: n === 6 || n === 8 };
      });
      row.getCell(4).numFmt = '@';
      row.getCell(7).numFmt = '0.00';
      row.commit();
    }
  }

  const notes: string[] = [...SUMMARY_NOTES];
  if (withoutStandard) notes.push(`注：${withoutStandard}户所在区域没有在用的低保标准或低保边缘认定倍数，未参与统计；请在「政策参数」中设定。`);
  let n = 4 + rows;
  for (const text of notes) {
    n++;
    const r = ws.addRow([text]);
    ws.mergeCells(`A${n}:${last}${n}`);
    r.height = 30;
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    r.commit();
  }
  ws.commit();
  await wb.commit();
  await ended;
  return { file: Buffer.concat(chunks), rows, withoutStandard };
}
