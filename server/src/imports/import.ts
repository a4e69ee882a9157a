import { foldVietnamese } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import type { FieldSpec } from '../records/fields';
import type { NewRow, RecordWriter } from '../records/record-type';
import type { SourceRow } from './read';

/** One thing wrong with a file: where, which column, and what to fix. */
export interface ImportProblem {
  where: string;
  column: string;
  message: string;
  /** Why, as a stable word (docs/errors.md), as a mutation's `extensions.reason`. */
  reason: string;
}

export interface ImportReport {
  rows: number;
  problems: ImportProblem[];
  /** Rows written: 0 after a dry run or any problem (all or nothing). */
  written: number;
}

export interface ImportProgress {
  start(phase: 'checking' | 'writing', total: number): void;
  tick(done: number): void;
  stop(): void;
}

const quiet: ImportProgress = { start() {}, tick() {}, stop() {} };

/**
 * Checks every row as create<Type> would (the same code), reporting every
 * problem by row and column; then, unless it is a dry run or anything was
 * wrong, writes all rows in one transaction with an audit entry each, so a
 * failure half-way (or a killed process) leaves nothing behind.
 */
export async function importRecords(
  ctx: Context,
  writer: RecordWriter,
  source: SourceRow[],
  options: { dryRun: boolean; progress?: ImportProgress },
): Promise<ImportReport> {
  const progress = options.progress ?? quiet;
  const known = new Set([
    'unitCode',
    'location',
    'longitude',
    'latitude',
    ...writer.createFields.map(([name, f]) => (f.type === 'reference' ? f.input : name)),
  ]);
  const problems: ImportProblem[] = [];
  for (const column of new Set(source.flatMap((r) => Object.keys(r.cells)))) {
    if (!known.has(column))
      problems.push({ where: 'header', column, reason: 'UNKNOWN_COLUMN', message: `Unknown column "${column}"; the columns are ${[...known].join(', ')}.` });
  }
  const checked: NewRow[] = [];
  progress.start('checking', source.length);
  const chunk = 50; // rows checked side by side, so their location lookups share round trips
  for (let i = 0; i < source.length; i += chunk) {
    const results = await Promise.all(
      source.slice(i, i + chunk).map(async (row) => {
        const { input, problems: cellProblems } = toInput(writer, row);
        if (cellProblems.length > 0) return { row, problems: cellProblems };
        const { row: checkedRow, problems } = await writer.checkNew(ctx, input);
        return { row, checkedRow, problems: problems.map((p) => ({ where: row.where, column: p.field, message: p.message, reason: p.reason })) };
      }),
    );
    for (const r of results) {
      problems.push(...r.problems);
      if ('checkedRow' in r && r.checkedRow) checked.push(r.checkedRow);
    }
    progress.tick(Math.min(i + chunk, source.length));
  }
  progress.stop();
  if (problems.length > 0 || options.dryRun || source.length === 0) return { rows: source.length, problems, written: 0 };

  progress.start('writing', checked.length);
  const action = `import${writer.type.typeName}`;
  await ctx.knex.transaction(async (trx) => {
    for (let i = 0; i < checked.length; i++) {
      await writer.insert(trx, ctx, checked[i], action);
      if (i % 100 === 99) progress.tick(i + 1);
    }
  });
  progress.tick(checked.length);
  progress.stop();
  return { rows: source.length, problems, written: checked.length };
}

/** A row's cells as the mutation's input: text turned into numbers, dates, enums and points, or a problem per cell. */
function toInput(writer: RecordWriter, row: SourceRow): { input: Record<string, unknown>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const input: Record<string, unknown> = {};
  const problem = (column: string, message: string) => problems.push({ where: row.where, column, message, reason: 'INVALID_FORMAT' });
  for (const [fieldName, field] of writer.createFields) {
    const name = field.type === 'reference' ? field.input : fieldName;
    const raw = row.cells[name];
    if (raw === undefined) continue; // required fields are named by the same check as the API's
    const value = fromCell(field, raw);
    if (value instanceof CellError) problem(name, value.message);
    else input[name] = value;
  }
  const { unitCode } = row.cells;
  if (typeof unitCode === 'string' || typeof unitCode === 'number') input.unitCode = String(unitCode);
  const { location, longitude, latitude } = row.cells;
  if (location !== undefined) {
    try {
      input.location = typeof location === 'string' ? JSON.parse(location) : location;
    } catch {
      problem('location', 'location must be GeoJSON, e.g. {"type":"Point","coordinates":[106.3454,20.446]}.');
    }
  } else if (longitude !== undefined || latitude !== undefined) {
    const [lon, lat] = [Number(String(longitude).replace(',', '.')), Number(String(latitude).replace(',', '.'))];
    if (longitude === undefined || latitude === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      problem(
        longitude === undefined || !Number.isFinite(lon) ? 'longitude' : 'latitude',
        'longitude and latitude must both be decimal degrees, e.g. 106.3454 and 20.446.',
      );
    } else input.location = { type: 'Point', coordinates: [lon, lat] };
  }
  return { input, problems };
}

class CellError {
  constructor(readonly message: string) {}
}

const yes = new Set(['true', '1', 'yes', 'co', 'x']);
const no = new Set(['false', '0', 'no', 'khong', '']);

/** A cell as the field's type: dates as YYYY-MM-DD or DD/MM/YYYY, enums by name, lists split on ";" or ",". */
export function fromCell(field: FieldSpec, raw: unknown): unknown {
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
  switch (field.type) {
    case 'text':
    case 'reference':
      return text;
    case 'int':
    case 'float': {
      const n = typeof raw === 'number' ? raw : Number(text.replace(/\s/g, '').replace(/^(-?\d+),(\d+)$/, '$1.$2'));
      return Number.isFinite(n) ? n : new CellError(`"${text}" is not a number.`);
    }
    case 'boolean': {
      const folded = foldVietnamese(text);
      return yes.has(folded) ? true : no.has(folded) ? false : new CellError(`"${text}" is not yes or no (true/false, 1/0, có/không).`);
    }
    case 'date': {
      const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
      return dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : text; // the date check names anything else
    }
    case 'enum': {
      const names = Object.keys(field.enum);
      const name = names.find((n) => n === text.toUpperCase().replace(/[\s-]+/g, '_'));
      return name ?? new CellError(`"${text}" is not one of ${names.join(', ')}.`);
    }
    case 'enumList': {
      const names = Object.keys(field.enum);
      const parts = text
        .split(/[;,|]/)
        .map((p) =>
          p
            .trim()
            .toUpperCase()
            .replace(/[\s-]+/g, '_'),
        )
        .filter(Boolean);
      const wrong = parts.filter((p) => !names.includes(p));
      return wrong.length > 0
        ? new CellError(`${wrong.map((w) => `"${w}"`).join(', ')} ${wrong.length > 1 ? 'are' : 'is'} not among ${names.join(', ')}.`)
        : parts;
    }
  }
}
