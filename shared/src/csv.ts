/** A CSV cell: lists are joined with "; ", null and undefined are empty. */
export type CsvCell = string | number | boolean | null | undefined | readonly string[];

function csvCell(value: CsvCell): string {
  const text = value == null ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
