/** 510104199001011234 → 510104********123X style: keep the area code and the last four. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}
