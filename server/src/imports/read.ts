import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** One record of a file: where it is (for the report) and its cells by column name. */
export interface SourceRow {
  /** "row 3" (spreadsheet numbering, the header being row 1) or "feature 3". */
  where: string;
  cells: Record<string, unknown>;
}

export class ImportFileError extends Error {}

/**
 * The records of a CSV (UTF-8, with or without BOM, comma or semicolon),
 * XLSX (first sheet) or GeoJSON (FeatureCollection) file. Column names are
 * the header row's (or a feature's properties), trimmed; a GeoJSON feature's
 * geometry becomes the `location` cell.
 */
export async function readRecords(path: string): Promise<SourceRow[]> {
  const extension = extname(path).toLowerCase();
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImportFileError(`Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
  });
  if (extension === '.csv') return fromCsv(bytes.toString('utf8'));
  if (extension === '.xlsx') return fromXlsx(bytes);
  if (extension === '.geojson' || extension === '.json') return fromGeoJson(bytes.toString('utf8'));
  throw new ImportFileError(`${path}: the hub reads .csv, .xlsx and .geojson files.`);
}

function fromCsv(text: string): SourceRow[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','; // Excel in Vietnamese locale writes ";"
  let records: Record<string, string>[];
  try {
    records = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), delimiter, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new ImportFileError(`The CSV cannot be read: ${(error as Error).message}`);
  }
  return records.map((cells, i) => ({ where: `row ${i + 2}`, cells: Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== '')) }));
}

async function fromXlsx(bytes: Buffer): Promise<SourceRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as never);
  } catch (error) {
    throw new ImportFileError(`The XLSX cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('The XLSX has no sheet.');
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, column) => {
    header[column] = cell.text.trim();
  }); // rich text and links as their text
  const rows: SourceRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Record<string, unknown> = {};
    row.eachCell((cell, column) => {
      const name = header[column];
      const value = cell.value && typeof cell.value === 'object' && 'result' in cell.value ? cell.value.result : cell.value; // a formula: its value
      if (name && value !== null && value !== undefined && value !== '')
        cells[name] = typeof value === 'object' && ('text' in value || 'richText' in value) ? cell.text : value;
    });
    if (Object.keys(cells).length > 0) rows.push({ where: `row ${number}`, cells });
  });
  return rows;
}

function fromGeoJson(text: string): SourceRow[] {
  let data: { type?: unknown; features?: unknown };
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(`The GeoJSON is not valid JSON: ${(error as Error).message}`);
  }
  if (data?.type !== 'FeatureCollection' || !Array.isArray(data.features)) throw new ImportFileError('The GeoJSON must be a FeatureCollection.');
  return data.features.map((feature: { properties?: Record<string, unknown> | null; geometry?: unknown }, i: number) => ({
    where: `feature ${i + 1}`,
    cells: { ...(feature?.properties ?? {}), ...(feature?.geometry ? { location: feature.geometry } : {}) },
  }));
}
