import { formatNumber, type Language } from '../app/i18n';

/** A value as the table, the CSV and the print show it: shares in per cent to one decimal, other figures to two. */
export function roundedAsShown(value: number | null, share: boolean): number | null {
  if (value === null) return null;
  return share ? Math.round(value * 1000) / 10 : Math.round(value * 100) / 100;
}

export function formatShown(language: Language, value: number | null, share: boolean): string {
  const shown = roundedAsShown(value, share);
  return shown === null ? '—' : share ? `${formatNumber(language, shown, 1)} %` : formatNumber(language, shown, 2);
}

/** The change between two shown values ("▲ 3,2", "▼ 1", "= 0"; shares in percentage points), empty when either is missing. */
export function formatShownChange(language: Language, value: number | null, before: number | null, share: boolean): string {
  const a = roundedAsShown(value, share);
  const b = roundedAsShown(before, share);
  if (a === null || b === null) return '';
  const change = Math.round((a - b) * 100) / 100;
  return `${change > 0 ? '▲' : change < 0 ? '▼' : '='} ${formatNumber(language, Math.abs(change), share ? 1 : 2)}${share ? (language === 'vi' ? ' đ.%' : ' pp') : ''}`;
}

/** Competition ranks by value, highest first (1, 2, 2, 4); places without a value get none. */
export function ranks(rows: readonly { code: string; value: number | null }[]): Map<string, number> {
  const sorted = rows.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!);
  const rank = new Map<string, number>();
  sorted.forEach((r, i) => rank.set(r.code, i > 0 && sorted[i - 1].value === r.value ? rank.get(sorted[i - 1].code)! : i + 1));
  return rank;
}
