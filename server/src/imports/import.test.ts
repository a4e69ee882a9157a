import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { runSql } from '@anbinh/db';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';
import { declaredRecordTypes } from '../app/record-types';
import { importRecords } from './import';
import { readRecords } from './read';

const hub = useTestHub();
const admin = viewerAs(Role.ADMIN);
const samples = fileURLToPath(new URL('./samples/', import.meta.url));
const writer = (type: string) => declaredRecordTypes.find((t) => t.typeName === type)!.writer!;
const scratch = mkdtempSync(join(tmpdir(), 'anbinh-import-'));
const knex = () => hub.orm.em.getKnex();
const counts = async (table: string) => {
  const { rows } = await runSql(
    knex(),
    `select (select count(*)::int from ${table}) as records, (select count(*)::int from audit_entry) as audits, (select count(*)::int from change) as changes`,
  );
  return rows[0] as { records: number; audits: number; changes: number };
};
const run = async (file: string, type: string, dryRun = false) => importRecords(hub.context(admin), writer(type), await readRecords(file), { dryRun });

describe('bulk import', () => {
  it('checks the sample CSV in a dry run and writes nothing', async () => {
    const before = await counts('security_model');
    const report = await run(join(samples, 'security-models.csv'), 'SecurityModel', true);
    expect(report).toEqual({ rows: 3, problems: [], written: 0 });
    expect(await counts('security_model')).toEqual(before);
  });

  it.each([
    ['security-models.csv', 'SecurityModel', 'security_model', 3],
    ['covid-teams.xlsx', 'CovidTeam', 'covid_team', 2],
    ['report-mailboxes.geojson', 'ReportMailbox', 'report_mailbox', 2],
  ])('writes %s: every row with its audit entry and change-feed row', async (file, type, table, rows) => {
    const before = await counts(table);
    const report = await run(join(samples, file), type);
    expect(report).toEqual({ rows, problems: [], written: rows });
    expect(await counts(table)).toEqual({ records: before.records + rows, audits: before.audits + rows, changes: before.changes + rows });
  });

  it('reads cells as people type them: DD/MM/YYYY dates, có/không, lists split on ";", decimal commas', async () => {
    const file = join(scratch, 'typed.csv');
    writeFileSync(file, '\uFEFFunitCode;item;quantity;measure;seizedOn\n12442;firecrackers;"2,5";kilogram;05/01/2024\n');
    const [row] = await readRecords(file);
    expect(row.cells).toEqual({ unitCode: '12442', item: 'firecrackers', quantity: '2,5', measure: 'kilogram', seizedOn: '05/01/2024' });
    const report = await run(file, 'Seizure', true);
    expect(report.problems).toEqual([]);
  });

  it('reports every problem by row and column, and writes none of the rows, not even the good ones', async () => {
    const file = join(scratch, 'bad.csv');
    writeFileSync(
      file,
      [
        'unitCode,host,installedOn,longitude,latitude,colour',
        '12442,MARKET,2024-03-01,106.3454,20.4460,red', // good but for the unknown column
        '12442,BAKERY,2024-03-01,106.3454,20.4460,',
        '12442,SCHOOL,2099-01-01,106.3454,20.4460,',
        '12442,SCHOOL,2024-03-01,20.4460,106.3454,',
        '12778,SCHOOL,2024-03-01,106.3454,20.4460,',
        ',SCHOOL,2024-03-01,,,',
      ].join('\n'),
    );
    const before = await counts('report_mailbox');
    const report = await run(file, 'ReportMailbox');
    expect(report.written).toBe(0);
    expect(report.problems.map((p) => `${p.where} ${p.column}`)).toEqual([
      'header colour',
      'row 3 host',
      'row 4 installedOn',
      'row 5 location',
      'row 6 unitCode',
      'row 7 location',
    ]);
    expect(report.problems[1].message).toMatch(/"BAKERY" is not one of COMMUNE_OFFICE/);
    expect(report.problems[2].message).toMatch(/in the future/);
    expect(report.problems[3].message).toMatch(/looks like \[latitude, longitude\]/);
    expect(report.problems[4].message).toMatch(/lies in Phường Kỳ Bá, not in/);
    expect(report.problems[5].message).toMatch(/location is required|location/);
    expect(await counts('report_mailbox')).toEqual(before);
  });

  it('reads an XLSX written by a spreadsheet, formulas by their value', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tips');
    sheet.addRow(['unitCode', 'receivedOn', 'channel']);
    sheet.addRow(['12442', new Date(Date.UTC(2024, 0, 15)), 'HOTLINE']);
    sheet.addRow([{ formula: '"1244"&"2"', result: '12442' }, '2024-01-16', 'hotline']);
    const file = join(scratch, 'tips.xlsx');
    await workbook.xlsx.writeFile(file);
    const rows = await readRecords(file);
    expect(rows.map((r) => r.cells)).toEqual([
      { unitCode: '12442', receivedOn: new Date(Date.UTC(2024, 0, 15)), channel: 'HOTLINE' },
      { unitCode: '12442', receivedOn: '2024-01-16', channel: 'hotline' },
    ]);
    expect((await run(file, 'ValuableTip', true)).problems).toEqual([]);
  });

  it('runs as `pnpm run import`, exiting 1 with the report when a row is wrong', async () => {
    const file = join(scratch, 'one-bad.csv');
    writeFileSync(file, 'unitCode,receivedOn,channel\n12442,2024-01-15,PIGEON\n');
    const server = fileURLToPath(new URL('../../', import.meta.url));
    const { url, preparedStatements } = testDatabaseConfig();
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx/esm', 'src/imports/cli.ts', file, '--type', 'ValuableTip'], {
      cwd: server,
      env: { ...process.env, TSX_TSCONFIG_PATH: '../tsconfig.base.json', DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: String(preparedStatements) },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('row 2, column channel: "PIGEON" is not one of MAILBOX, HOTLINE, IN_PERSON, SELF_MANAGEMENT_MODEL.');
    expect(result.stdout).toContain('1 problem in 1 of 1 rows: nothing was written.');
  }, 60_000);
});
