import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The data files shipped with the repo (db/data); see db/data/SOURCES.md for their origin and licences. */
export const dataDir = new URL('../../data/', import.meta.url);

export function readCsv<T = Record<string, string>>(file: string): T[] {
  return parse<T>(readFileSync(new URL(file, dataDir), 'utf8'), { columns: true, skip_empty_lines: true });
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, dataDir), 'utf8')) as T;
}
