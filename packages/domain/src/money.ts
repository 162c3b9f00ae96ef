/** Money is integer fen. */
export type Fen = number;

export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}

/** 68000 → "680.00" */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  // Thousands separated by hand: toLocaleString goes through ICU, which a sweep of a province calls millions of times.
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Monthly income per head from a household's yearly income, rounded down to the fen. */
export function monthlyIncomePerHead(yearlyIncome: Fen, members: number): Fen {
  if (members <= 0) throw new Error('家庭人口应大于0');
  return Math.floor(yearlyIncome / 12 / members);
}
