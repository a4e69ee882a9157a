/**
 * Folds Vietnamese text for search: lower-cases, strips every diacritic (đ→d
 * included) and turns runs of spaces and punctuation into one space, so
 * "Hồng Châu", "HONG CHAU" and "hong  chau" all fold to "hong chau".
 */
export function foldVietnamese(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      // Punctuation and quotes separate words like spaces do: “Camera giám sát” → camera giam sat.
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** Normalises a name for storage and display: NFC, single spaces, trimmed (GSO writes some names with double spaces). */
export function normaliseName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Administrative prefixes of unit names, folded, longest first. */
export const foldedUnitPrefixes = ['thanh pho', 'thi tran', 'phuong', 'huyen', 'tinh', 'xa'];

/** The folded name without its administrative prefix ("xa hong chau" → "hong chau"), used to rank exact matches first. */
export function foldedBareName(name: string): string {
  const folded = foldVietnamese(name);
  const prefix = foldedUnitPrefixes.find((p) => folded.startsWith(p + ' '));
  return prefix ? folded.slice(prefix.length + 1) : folded;
}

/** Today's date in Vietnam (UTC+7), YYYY-MM-DD: what "not in the future" means to an officer, on the server and in the browser alike. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
