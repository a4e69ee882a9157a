/** A CSV cell: lists are joined with "; ", null and undefined are empty. */
export type CsvCell = string | number | boolean | null | undefined | readonly string[];

function csvCell(value: CsvCell): string {
  const text = value == null ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The byte-order mark a CSV file starts with, so Excel reads it as UTF-8 and shows Vietnamese correctly. */
export const csvBom = '\uFEFF';

/** One RFC 4180 line, with its CRLF. */
export function csvLine(row: readonly CsvCell[]): string {
  return row.map(csvCell).join(',') + '\r\n';
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csvBom + [header, ...rows].map(csvLine).join('');
}
