import { pinyin } from 'pinyin-pro';

/**
 * Full pinyin (lower case, no tones, no spaces) and initials of a person's name, read with surname pronunciations
 * (单 shan, 曾 zeng, 区 ou …): `张三` → `{ full: 'zhangsan', initials: 'zs' }`.
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed', v: true });
  const clean = syllables.map((s) => s.normalize('NFKC').toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}
