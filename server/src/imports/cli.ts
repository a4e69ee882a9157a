// `pnpm run import <file> --type <RecordType> [--dry-run]`: checks every row of a CSV, XLSX or GeoJSON file as
// the API's create<Type> would, reports every problem by row and column, and writes all rows or none.
// `pnpm run import --columns --type <RecordType>`: the columns a file of that type may have.
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { commandLine, openDatabase, prepareDatabase, refuse } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { loadConfig } from '../config';
import { createContext } from '../app/context';
import { Gazetteer } from '../geography/gazetteer';
import { Tokens } from '../access/tokens';
import { declaredRecordTypes } from '../app/record-types';
import { importRecords, type ImportProgress } from './import';
import { ImportFileError, readRecords } from './read';
import { columnsOf } from './columns';

// The types a file can hold: those officers create.
const writers = declaredRecordTypes.flatMap((t) => (t.writer ? [t.writer] : []));
const types = writers.map((w) => w.type.typeName);
const usage = `Checks every row of a CSV, XLSX or GeoJSON file as the API's create mutation would, reports each problem
by row and column, and writes all rows (each with its audit entry and change) or none.

  pnpm run import <file> --type <RecordType> [--dry-run]
  pnpm run import --columns --type <RecordType>      the columns a file of that type may have

Types: ${types.join(', ')} (in any case).

Examples:
  pnpm run import server/src/imports/samples/security-models.csv --type SecurityModel --dry-run
  pnpm run import tips.xlsx --type valuabletip`;
const { values, positionals } = commandLine(usage, {
  type: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  columns: { type: 'boolean', default: false },
});
const fail = refuse;
// Spelled as people type it: SecurityModel, securitymodel, security-model, SECURITY_MODEL.
const simple = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');
const writer =
  writers.find((w) => simple(w.type.typeName) === simple(values.type ?? '')) ??
  fail(values.type ? `--type must be one of ${types.join(', ')}, not "${values.type}".` : `Give the record type: --type ${types.join(' | ')}.`);
if (values.columns) {
  console.log(columnsOf(writer));
  process.exit(0);
}
// pnpm runs this in server/: a relative path is the caller's.
const file = positionals[0]
  ? resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0])
  : fail('Give the file: pnpm run import <file.csv|.xlsx|.geojson> --type <RecordType> [--dry-run]');

let rows;
try {
  rows = await readRecords(file);
} catch (error) {
  if (error instanceof ImportFileError) fail(error.message);
  throw error;
}
console.error(
  `${file}: ${rows.length} ${rows.length === 1 ? 'row' : 'rows'} of ${writer.type.typeName}${values['dry-run'] ? ' (dry run: nothing will be written)' : ''}`,
);

const config = loadConfig();
const db = await openDatabase(config.database, (m) => console.error(`[db] ${m}`));
let exitCode = 0;
try {
  await prepareDatabase(db.orm, (m) => console.error(`[db] ${m}`));
  const knex = db.orm.em.getKnex();
  const gazetteer = await Gazetteer.load(knex);
  // The import acts as an admin, recorded in the audit log under the account that ran it.
  const viewer = { role: Role.ADMIN, subject: `import:${userInfo().username}`, units: [] };
  const ctx = createContext({ primary: knex, gazetteer, tokens: new Tokens(config.auth, config.cursorSecret) }, viewer, null);
  const report = await importRecords(ctx, writer, rows, { dryRun: values['dry-run'], progress: progressBar() });
  for (const p of report.problems) console.log(`${p.where}, column ${p.column}: ${p.message}`);
  if (report.problems.length > 0) {
    const rowsWithProblems = new Set(report.problems.map((p) => p.where)).size;
    console.log(
      `${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'} in ${rowsWithProblems} of ${report.rows} rows: nothing was written. Fix them and run again.`,
    );
    exitCode = 1;
  } else if (values['dry-run']) {
    console.log(`All ${report.rows} rows are valid; run again without --dry-run to write them.`);
  } else {
    console.log(`Wrote ${report.written} ${writer.type.typeName} records, each with its audit entry and change-feed row, in one transaction.`);
  }
} finally {
  await db.close();
}
process.exit(exitCode);

/** A bar on a terminal; to a file or a pipe (a log), a line at the start of each phase and at every tenth. */
function progressBar(): ImportProgress {
  if (!process.stderr.isTTY) {
    let phase = '';
    let total = 0;
    let shown = 0;
    return {
      start: (name, rows) => {
        [phase, total, shown] = [name, rows, 0];
        console.error(`${phase} 0/${total} rows`);
      },
      tick: (done) => {
        if (done * 10 < (shown + 1) * total) return;
        shown = Math.floor((done * 10) / total);
        console.error(`${phase} ${done}/${total} rows`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows', stream: process.stderr, hideCursor: true });
  return {
    start: (phase, total) => bar.start(total, 0, { phase: phase.padEnd(8) }),
    tick: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
