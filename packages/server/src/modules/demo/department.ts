import {
  DISABILITY_GRADE_LABELS, DISABILITY_TYPE, headerFor, idNumberCheckChar, type CreateHouseholdData, type DepartmentSource,
} from '@doudi/domain';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';
import { membersByIdHash } from '../monitoring/department/queries.js';
import { csvLine } from '../registry/import/csv.js';
import { DEMO_AS_OF, DEMO_KNOWN_HOUSEHOLDS, demoVillages, generateDemoRegistry, mulberry32 } from './registry.js';

/**
 * Demo files of other departments (数据比对) for the demo county 蒲江县, built from the same deterministic registry the
 * demo seed writes, so that their ID numbers match registered people:
 * - 医保 medical costs: a few hundred settlements in the six months before DEMO_AS_OF (so they stay inside the
 *   12-month window for months after it). Several households not covered by 低保/特困/刚性支出 — among them the demo
 *   village's 李国华 and 赵桂芳 households — carry 个人自付 of 1.3 to 1.8 times their yearly income, so the
 *   expenditure-hardship rule (疑似刚性支出困难) fires for them; every other settlement stays under a tenth of its
 *   household's income. Plus rows with bad ID numbers, people not in the registry, a name typed differently and one
 *   row repeated, so the preview shows each kind of finding.
 * - 残联 disability certificates: a few dozen registered disabled people as registered, three new certificates for
 *   people registered without a disability, two people not in the registry and one bad ID number.
 * With the field crypto, only people currently registered are used (and their current names), so the files also fit
 * a demo registry that has been edited since the seed. Everything is made up (演示数据).
 */

export interface DemoDepartmentFile {
  source: DepartmentSource;
  fileName: string;
  content: Buffer;
}

const COUNTY = '510131000000';
const SEED = 20260401;
const DAY = 86_400_000;
/** Settlements and certificates are dated at most this many days before DEMO_AS_OF. */
const MEDICAL_WINDOW_DAYS = 180;
const HARDSHIP_HOUSEHOLDS = 8;
const ORDINARY_SETTLEMENTS = 280;
const HOSPITALS = [
  '蒲江县人民医院', '蒲江县中医医院', '四川大学华西医院', '成都市第三人民医院', '大塘镇卫生院', '鹤山街道社区卫生服务中心',
  '寿安街道社区卫生服务中心', '成都市第五人民医院', '蒲江县妇幼保健院',
];
/** Made-up people who are not in the registry (area code of the county, birth dates nobody generated has). */
const STRANGERS = ['陈永福', '刘志强', '黄淑芬', '周建国', '吴玉兰', '杨晓东', '何春梅'];
const COVERED = new Set(['dibao', 'tekun_dispersed', 'tekun_centralised', 'rigid_expense']);

type Person = CreateHouseholdData['members'][number];

class Rng {
  readonly next = mulberry32(SEED);
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** A date in the `days` days up to `asOf` (both included). */
  date(asOf: string, days: number): string {
    return new Date(Date.parse(`${asOf}T00:00:00Z`) - this.int(0, days - 1) * DAY).toISOString().slice(0, 10);
  }
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
const income = (h: CreateHouseholdData) => h.members.reduce((s, m) => s + m.yearlyIncome + m.pension, 0);
const covered = (h: CreateHouseholdData) =>
  h.categories.some((c) => COVERED.has(c.kind) && c.status === 'active' && c.startDate <= DEMO_AS_OF && (c.endDate === null || c.endDate >= DEMO_AS_OF));
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

function csvFile(source: DepartmentSource, rows: (string | number)[][]): Buffer {
  // With a BOM, so that Excel and WPS open the UTF-8 file with its Chinese text intact.
  return Buffer.from(`\ufeff${csvLine(headerFor(source))}${rows.map((r) => csvLine(r)).join('')}`, 'utf8');
}

/** ID numbers of made-up people: valid by GB 11643, in the county's area code, none of them registered. */
function strangerIds(r: Rng, taken: ReadonlySet<string>, count: number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const birth = `${r.int(1950, 1995)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
    const body = `510131${birth}${String(r.int(900, 999))}`;
    if (taken.has(body) || out.some((id) => id.startsWith(body))) continue;
    out.push(body + idNumberCheckChar(body));
  }
  return out;
}

/**
 * The demo files: [医保 medical costs CSV, 残联 disability CSV]. Needs the demo county's regions; with `crypto`, keeps
 * only people currently registered in the database.
 */
export async function demoDepartmentFiles(database: Database, crypto?: FieldCrypto): Promise<DemoDepartmentFile[]> {
  const villages = await demoVillages(database);
  if (villages.length === 0) return [];
  const { households } = generateDemoRegistry(villages);
  const registeredName = crypto ? await currentNames(database, crypto, households.flatMap((h) => h.members.map((m) => m.idNumber))) : null;
  const nameOf = (m: Person): string | null => (registeredName ? registeredName.get(m.idNumber) ?? null : m.name);
  const taken = new Set(households.flatMap((h) => h.members.map((m) => m.idNumber.slice(0, 17))));
  return [
    { source: 'medical', fileName: '医保医疗费用结算（演示数据）.csv', content: csvFile('medical', medicalRows(households, nameOf, taken)) },
    { source: 'disability', fileName: '残联持证残疾人名单（演示数据）.csv', content: csvFile('disability', disabilityRows(households, nameOf, taken)) },
  ];
}

async function currentNames(database: Database, crypto: FieldCrypto, idNumbers: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < idNumbers.length; i += 2_000) {
    const chunk = idNumbers.slice(i, i + 2_000);
    const byHash = new Map(chunk.map((id) => [crypto.blindIndex('id', id).toString('hex'), id]));
    const members = await membersByIdHash(database.db, { regionCode: COUNTY }, chunk.map((id) => crypto.blindIndex('id', id)));
    for (const m of members) out.set(byHash.get(m.hash)!, m.name);
  }
  return out;
}

function medicalRows(
  households: readonly CreateHouseholdData[], nameOf: (m: Person) => string | null, taken: ReadonlySet<string>,
): (string | number)[][] {
  const r = new Rng();
  const rows: (string | number)[][] = [];
  const settlement = (m: Person, name: string, selfPaid: number, share: number) => {
    const total = Math.max(selfPaid, Math.round(selfPaid / share));
    rows.push([m.idNumber, name, r.date(DEMO_AS_OF, MEDICAL_WINDOW_DAYS), yuan(total), yuan(selfPaid), r.pick(HOSPITALS)]);
  };

  // Households whose essential spending outgrows their income: the two demo-village ones, then drawn ones.
  const knownHeads = new Set<string>([DEMO_KNOWN_HOUSEHOLDS.marginalFamily.headIdNumber, DEMO_KNOWN_HOUSEHOLDS.leftBehind.headIdNumber]);
  const eligible = households.filter((h) => !covered(h) && income(h) > 0 && h.members.some((m) => nameOf(m) !== null));
  const hardship = eligible.filter((h) => h.members.some((m) => knownHeads.has(m.idNumber)));
  const others = eligible.filter((h) => !hardship.includes(h));
  while (hardship.length < HARDSHIP_HOUSEHOLDS && others.length > 0) hardship.push(...others.splice(r.int(0, others.length - 1), 1));
  for (const h of hardship) {
    const present = h.members.filter((m) => nameOf(m) !== null);
    // The sick member pays; failing one, the oldest.
    const patient = present.find((m) => m.health === 'serious') ?? present.find((m) => m.health === 'chronic') ??
      [...present].sort((a, b) => a.idNumber.slice(6, 14).localeCompare(b.idNumber.slice(6, 14)))[0]!;
    const target = Math.round((income(h) * (130 + r.int(0, 50))) / 100);
    const visits = r.int(3, 6);
    let left = target;
    for (let i = 0; i < visits; i++) {
      const part = i === visits - 1 ? left : Math.round((target / visits) * (0.6 + 0.8 * r.next()));
      left -= part;
      if (part > 0) settlement(patient, nameOf(patient)!, part, 0.3 + 0.2 * r.next());
    }
  }

  // Ordinary settlements: small against the household's income, so they raise no warning by themselves.
  const inHardship = new Set(hardship);
  const persons = households.filter((h) => !inHardship.has(h) && income(h) > 0)
    .flatMap((h) => h.members.filter((m) => nameOf(m) !== null).map((m) => ({ m, cap: Math.floor(income(h) / 10) })));
  for (let i = 0; i < ORDINARY_SETTLEMENTS && persons.length > 0; i++) {
    const { m, cap } = r.pick(persons);
    const selfPaid = Math.min(r.int(50_00, 3_000_00), cap);
    if (selfPaid >= 10_00) settlement(m, nameOf(m)!, selfPaid, 0.2 + 0.6 * r.next());
  }

  // Findings for the preview: a repeated row, a name typed differently, bad ID numbers, people not registered.
  if (rows.length > 2) {
    rows.push([...rows[1]!]);
    // Another settlement of a registered person, the name typed differently (the fingerprint ignores the name).
    const [idNumber, name] = [String(rows[2]![0]), String(rows[2]![1])];
    const selfPaid = r.int(100_00, 900_00);
    rows.push([idNumber, `${name.slice(0, 1)}${name[1] === '小' ? '晓' : '小'}${name.slice(2)}`, r.date(DEMO_AS_OF, MEDICAL_WINDOW_DAYS),
      yuan(selfPaid * 2), yuan(selfPaid), r.pick(HOSPITALS)]);
  }
  for (const row of rows.slice(3, 6)) rows.push([wrongCheck(String(row[0])), ...row.slice(1)]);
  if (rows.length > 6) rows.push([String(rows[6]![0]).slice(0, 17), ...rows[6]!.slice(1)]);
  strangerIds(r, taken, 5).forEach((id, i) => {
    const selfPaid = r.int(200_00, 5_000_00);
    rows.push([id, STRANGERS[i]!, r.date(DEMO_AS_OF, MEDICAL_WINDOW_DAYS), yuan(selfPaid * 3), yuan(selfPaid), r.pick(HOSPITALS)]);
  });
  return rows.sort((a, b) => String(a[2]).localeCompare(String(b[2])) || String(a[0]).localeCompare(String(b[0])));
}

function disabilityRows(
  households: readonly CreateHouseholdData[], nameOf: (m: Person) => string | null, taken: ReadonlySet<string>,
): (string | number)[][] {
  const r = new Rng();
  const people = households.flatMap((h) => h.members).filter((m) => nameOf(m) !== null);
  const disabled = people.filter((m) => m.disabilityType !== null && m.disabilityGrade !== null);
  const rows: (string | number)[][] = [];
  const used = new Set<string>();
  const draw = (from: readonly Person[]): Person | null => {
    for (let tries = 0; tries < 50 && from.length > 0; tries++) {
      const m = r.pick(from);
      if (!used.has(m.idNumber)) {
        used.add(m.idNumber);
        return m;
      }
    }
    return null;
  };
  // 残联 writes the type with or without 残疾 and the grade as 一级 … 四级 or as a digit.
  const typeCell = (t: keyof typeof DISABILITY_TYPE.labels) => (r.next() < 0.5 ? DISABILITY_TYPE.labels[t] : DISABILITY_TYPE.labels[t].replace(/残疾$/, ''));
  const gradeCell = (g: number) => (r.next() < 0.7 ? DISABILITY_GRADE_LABELS[g]! : String(g));
  const issued = () => r.date(DEMO_AS_OF, 10 * 365);

  for (let i = 0; i < 30; i++) {
    const m = draw(disabled);
    if (m) rows.push([m.idNumber, nameOf(m)!, typeCell(m.disabilityType!), gradeCell(m.disabilityGrade!), issued()]);
  }
  // New certificates of people registered without a disability (the registry has not caught up yet).
  const notDisabled = people.filter((m) => m.disabilityType === null && Number(m.idNumber.slice(6, 10)) < 1975);
  for (let i = 0; i < 3; i++) {
    const m = draw(notDisabled);
    if (m) rows.push([m.idNumber, nameOf(m)!, typeCell(r.pick(['physical', 'visual', 'hearing'] as const)), gradeCell(r.int(2, 4)), r.date(DEMO_AS_OF, 90)]);
  }
  strangerIds(r, taken, 2).forEach((id, i) => rows.push([id, STRANGERS[5 + i]!, typeCell('physical'), gradeCell(3), issued()]));
  if (rows.length > 0) rows.push([wrongCheck(String(rows[0]![0])), ...rows[0]!.slice(1, 4), issued()]);
  return rows;
}
