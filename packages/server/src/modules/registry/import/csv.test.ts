import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvReader, csvLine, parseCsv } from './csv.js';

function all(text: string): [string[], number][] {
  const out: [string[], number][] = [];
  parseCsv(text, (f, n) => out.push([f, n]));
  return out;
}

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, line breaks inside quotes and a BOM; counts blank lines as rows', () => {
    expect(all('\ufeff姓名,备注\r\n"张三","说""你好""\n第二行"\r\n\r\n李四,\n')).toEqual([
      [['姓名', '备注'], 1],
      [['张三', '说"你好"\n第二行'], 2],
      [[''], 3],
      [['李四', ''], 4],
    ]);
    expect(all('a,b')).toEqual([[['a', 'b'], 1]]);
    expect(all('a\rb\r')).toEqual([[['a'], 1], [['b'], 2]]);
    expect(() => all('"open')).toThrow(CsvError);
  });

  it('gives the same records however the text is cut into chunks', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', '张', ',', '"', '\n', '\r', ' ') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 5 }),
      (records, cuts) => {
        // Records written by csvLine read back exactly, whatever the chunking.
        const text = records.map((r) => csvLine(r)).join('');
        const expected = records.map((r, i) => [r.length === 0 ? [''] : r, i + 1]);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const got: [string[], number][] = [];
        const reader = new CsvReader((f, n) => got.push([f, n]));
        let prev = 0;
        for (const p of [...points, text.length]) {
          reader.push(text.slice(prev, p));
          prev = p;
        }
        reader.end();
        expect(got).toEqual(expected);
      },
    ));
  });
});
