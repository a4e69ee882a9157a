import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CaseOutcome,
  ModelKind,
  OutreachKind,
  RecipientKind,
  SeizureItem,
  TipChannel,
  UnitLevel,
  divisions,
  type LineString,
  type Point,
} from '@anbinh/shared';
import { buildGeography } from './geography';
import { containsPoint } from './polygon';
import { exemplaryAtoms, factDate, generateSample, heritageModels, sampleYears, type FactTable, type SampleRow } from './sample';

const geo = buildGeography();
const sample = generateSample(geo);

const tables = Object.keys(sample) as FactTable[];
const units = new Map(geo.units.map((u) => [u.id, u]));
const atoms = new Map(geo.atoms.map((a) => [a.id, a]));
const byId = (table: FactTable) => new Map(sample[table].map((r) => [r.id as number, r]));

const str = (row: SampleRow, column: string) => row[column] as string;
const num = (row: SampleRow, column: string) => row[column] as number;
const inYear = (date: unknown, year: number) => typeof date === 'string' && date.startsWith(`${year}-`);
/** The report's rule for stocks: set up by the year's end and not ended before it began. */
const activeDuring = (year: number, from: string, to: string) => (row: SampleRow) =>
  str(row, from) <= `${year}-12-31` && (row[to] === null || str(row, to) >= `${year}-01-01`);
const activeOn = (row: SampleRow, from: string, to: string, date: string) => str(row, from) <= date && (row[to] === null || date < str(row, to));
const sum = (rows: SampleRow[], column: string) => rows.reduce((total, r) => total + num(r, column), 0);
/** Decimal strings to integer thousandths, so kilogram sums are exact. */
const thousandths = (quantity: string) => {
  const [whole, fraction = ''] = quantity.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
};

/** The report's figures for a year, computed with the report query's definitions. */
function figures(year: number) {
  const outreach = (kind: OutreachKind, column = 'quantity') =>
    sum(
      sample.outreach_activity.filter((r) => r.kind === kind && inYear(r.held_on, year)),
      column,
    );
  const cases = sample.community_education_case;
  const commitments = sample.household_commitment.filter((r) => r.year === year);
  return {
    selfManagementModels: sample.security_model.filter(activeDuring(year, 'established_on', 'dissolved_on')).length,
    crimeReportMailboxes: sample.report_mailbox.filter(activeDuring(year, 'installed_on', 'removed_on')).length,
    communityCovidTeams: sample.covid_team.filter(activeDuring(year, 'formed_on', 'disbanded_on')).length,
    outreachSessions: outreach(OutreachKind.SESSION),
    outreachAttendances: outreach(OutreachKind.SESSION, 'attendance'),
    postersAndBanners: outreach(OutreachKind.POSTERS_AND_BANNERS),
    leaflets: outreach(OutreachKind.LEAFLETS),
    mediaReports: outreach(OutreachKind.MEDIA_REPORT),
    valuableTips: sample.valuable_tip.filter((r) => inYear(r.received_on, year)).length,
    incidentsUncovered: sample.incident.filter((r) => inYear(r.uncovered_on, year)).length,
    peopleUnderCommunityEducation: cases.filter((r) => inYear(r.placed_on, year)).length,
    peopleProgressed: cases.filter((r) => inYear(r.released_on, year) && r.outcome === CaseOutcome.PROGRESSED).length,
    householdCommitmentRate: sum(commitments, 'committed') / sum(commitments, 'households'),
    seizures: Object.fromEntries(
      Object.values(SeizureItem).map((item) => [
        item,
        sample.seizure.filter((r) => r.item === item && inYear(r.seized_on, year)).reduce((t, r) => t + thousandths(str(r, 'quantity')), 0) / 1000,
      ]),
    ),
  };
}

/** Column names and nullability of each table, read from the foundation migration. */
function migrationColumns(): Map<string, Map<string, boolean>> {
  // Every migration, so a record type added later (patrol routes) is checked like the first ones.
  const folder = new URL('../migrations/', import.meta.url);
  const source = readdirSync(folder)
    .filter((file) => file.startsWith('Migration'))
    .map((file) => readFileSync(new URL(file, folder), 'utf8'))
    .join('\n');
  const out = new Map<string, Map<string, boolean>>();
  for (const [, table, body] of source.matchAll(/create table "(\w+)" \((.*)\);`/g)) {
    const columns = body
      .split(', ')
      .map((def) => /^"(\w+)" (.*)$/.exec(def))
      .filter((m) => m !== null);
    out.set(table, new Map(columns.map(([, name, rest]) => [name, !rest.includes('not null') && !rest.includes('primary key')])));
  }
  return out;
}

describe('generateSample', () => {
  it('is deterministic, and the seed matters', () => {
    expect(JSON.stringify(generateSample(geo))).toBe(JSON.stringify(sample));
    expect(JSON.stringify(generateSample(geo, 7).valuable_tip)).not.toBe(JSON.stringify(sample.valuable_tip));
  });

  // Speed is measured by benchmarks, not asserted here: a slow shared machine must not fail the suite.
  it('is of the planned size', () => {
    const total = tables.reduce((n, t) => n + sample[t].length, 0);
    expect(total).toBeGreaterThan(39_000);
    expect(total).toBeLessThan(70_000);
  });

  it('fills every column of its table, numbers rows 1..n and marks them as sample', () => {
    const columns = migrationColumns();
    const problems = tables.flatMap((table) => {
      const nullable = columns.get(table)!;
      const expected = [...nullable.keys()]
        .filter((c) => c !== 'created_at' && c !== 'version')
        .sort()
        .join();
      return sample[table]
        .flatMap((row, i) => [
          Object.keys(row).sort().join() !== expected && `${table} #${num(row, 'id')}: columns ${Object.keys(row).sort().join()}`,
          row.id !== i + 1 && `${table}: row ${i} has id ${num(row, 'id')}`,
          row.sample !== true && `${table} #${num(row, 'id')}: not marked as sample`,
          ...Object.entries(row).map(([column, value]) => value === null && !nullable.get(column) && `${table} #${num(row, 'id')}: ${column} is null`),
        ])
        .filter(Boolean);
    });
    expect(problems).toEqual([]);
  });

  it('reproduces the 2021 figures of the provincial police’s report', () => {
    expect(figures(2021)).toEqual({
      selfManagementModels: 1447,
      crimeReportMailboxes: 729,
      communityCovidTeams: 1929,
      outreachSessions: 196,
      outreachAttendances: 56_634,
      postersAndBanners: 487,
      leaflets: 100_350,
      mediaReports: 153,
      valuableTips: 978,
      incidentsUncovered: 412,
      peopleUnderCommunityEducation: 1689,
      peopleProgressed: 462,
      householdCommitmentRate: 1,
      seizures: {
        GUN: 73,
        AMMUNITION: 1225,
        EXPLOSIVE_ORDNANCE: 29,
        EXPLOSIVES: 1.57,
        DETONATOR: 93,
        SUPPORT_TOOL: 21,
        PRIMITIVE_WEAPON: 338,
        FIRECRACKERS: 69.15,
        FIRECRACKER_POWDER: 0.95,
      },
    });
  });

  it('gives the other years figures of the same magnitude', () => {
    const base = figures(2021);
    for (const year of sampleYears.filter((y) => y !== 2021)) {
      const f = figures(year);
      for (const key of [
        'selfManagementModels',
        'crimeReportMailboxes',
        'outreachSessions',
        'outreachAttendances',
        'postersAndBanners',
        'leaflets',
        'mediaReports',
        'valuableTips',
        'incidentsUncovered',
        'peopleUnderCommunityEducation',
        'peopleProgressed',
      ] as const) {
        expect(f[key] / base[key], `${key} in ${year}`).toBeGreaterThan(0.75);
        expect(f[key] / base[key], `${key} in ${year}`).toBeLessThan(1.3);
      }
      expect(f.householdCommitmentRate).toBeGreaterThan(0.85);
      expect(f.householdCommitmentRate).toBeLessThan(1);
    }
    expect(figures(2019).communityCovidTeams).toBe(0);
  });

  it('has data in every sample year', () => {
    const flowDates: [FactTable, string][] = [
      ['outreach_activity', 'held_on'],
      ['valuable_tip', 'received_on'],
      ['incident', 'uncovered_on'],
      ['seizure', 'seized_on'],
      ['community_education_case', 'placed_on'],
      ['commendation', 'awarded_on'],
      ['camera_site', 'installed_on'],
    ];
    for (const year of sampleYears) {
      for (const [table, column] of flowDates)
        expect(
          sample[table].some((r) => inYear(r[column], year)),
          `${table} in ${year}`,
        ).toBe(true);
      expect(sample.household_commitment.some((r) => r.year === year)).toBe(true);
      const f = figures(year);
      expect(f.selfManagementModels).toBeGreaterThan(1000);
      expect(f.crimeReportMailboxes).toBeGreaterThan(500);
      expect(f.peopleProgressed).toBeGreaterThan(300);
      const commendations = sample.commendation.filter((r) => inYear(r.awarded_on, year)).length;
      expect(commendations).toBeGreaterThanOrEqual(150);
      expect(commendations).toBeLessThanOrEqual(300);
    }
    expect(sample.covid_team.every((r) => str(r, 'formed_on') >= '2020-01-01')).toBe(true);
  });

  it('records every row against the commune in force on its date, in one of its atoms, with any point inside that atom', () => {
    const problems = tables.flatMap((table) =>
      sample[table]
        .map((row) => {
          const date = factDate(table, row);
          const unit = units.get(num(row, 'unit_id'));
          // A point lies in its atom; a route sets out from it.
          const geometry = row.location as Point | LineString | null | undefined;
          const location = geometry?.type === 'LineString' ? { coordinates: geometry.coordinates[0] } : geometry;
          const where = `${table} #${num(row, 'id')} on ${date}`;
          if (unit?.level !== UnitLevel.COMMUNE) return `${where}: unit ${num(row, 'unit_id')} is not a commune`;
          if (!(unit.validFrom <= date && (unit.validTo === null || date < unit.validTo))) return `${where}: ${unit.name} is not in force`;
          if (!unit.atomIds.includes(str(row, 'atom_id'))) return `${where}: atom ${str(row, 'atom_id')} is not part of ${unit.name}`;
          if (location && !containsPoint(atoms.get(str(row, 'atom_id'))!.geometry, location.coordinates as [number, number]))
            return `${where}: point outside atom ${str(row, 'atom_id')}`;
          return null;
        })
        .filter(Boolean),
    );
    expect(problems).toEqual([]);
  });

  it('dates everything within 2019–2025', () => {
    const problems = tables.flatMap((table) =>
      sample[table].flatMap((row) =>
        Object.entries(row)
          .filter(([column, value]) => column.endsWith('_on') && value !== null && !(str(row, column) >= '2019-01-01' && str(row, column) <= '2025-12-31'))
          .map(([column]) => `${table} #${num(row, 'id')}: ${column} ${str(row, column)}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('keeps every reference to an existing row active on the referencing date', () => {
    const models = byId('security_model'),
      mailboxes = byId('report_mailbox'),
      tips = byId('valuable_tip');
    for (const camera of sample.camera_site) {
      if (camera.model_id === null) continue;
      const model = models.get(num(camera, 'model_id'))!;
      expect(model.kind).toBe(ModelKind.CAMERA_SURVEILLANCE);
      expect(activeOn(model, 'established_on', 'dissolved_on', str(camera, 'installed_on'))).toBe(true);
    }
    expect(sample.camera_site.filter((c) => c.model_id !== null).length).toBeGreaterThan(sample.camera_site.length / 2);
    for (const c of sample.commendation) {
      if (c.model_id !== null) expect(activeOn(models.get(num(c, 'model_id'))!, 'established_on', 'dissolved_on', str(c, 'awarded_on'))).toBe(true);
    }
    for (const tip of sample.valuable_tip) {
      expect(tip.mailbox_id !== null).toBe(tip.channel === TipChannel.MAILBOX);
      if (tip.mailbox_id !== null) expect(activeOn(mailboxes.get(num(tip, 'mailbox_id'))!, 'installed_on', 'removed_on', str(tip, 'received_on'))).toBe(true);
    }
    for (const incident of sample.incident) {
      if (incident.tip_id !== null) expect(str(tips.get(num(incident, 'tip_id'))!, 'received_on') <= str(incident, 'uncovered_on')).toBe(true);
    }
  });

  it('keeps every commune of every period supplied with models and a mailbox', () => {
    for (const unit of geo.units.filter((u) => u.level === UnitLevel.COMMUNE)) {
      const start = unit.validFrom < '2019-01-01' ? '2019-01-01' : unit.validFrom,
        end = unit.validTo ?? '2026-01-01';
      const during = (from: string, to: string) => (r: SampleRow) =>
        unit.atomIds.includes(str(r, 'atom_id')) && str(r, from) < end && (r[to] === null || str(r, to) > start);
      expect(sample.security_model.some(during('established_on', 'dissolved_on')), unit.name).toBe(true);
      expect(sample.report_mailbox.some(during('installed_on', 'removed_on')), unit.name).toBe(true);
    }
  });

  it('makes the report’s exemplary places stand out in 2021', () => {
    const province = 462 / 1689;
    for (const atomId of exemplaryAtoms) {
      const cases = sample.community_education_case.filter((r) => r.atom_id === atomId);
      const placed = cases.filter((r) => inYear(r.placed_on, 2021)).length;
      const progressed = cases.filter((r) => inYear(r.released_on, 2021) && r.outcome === CaseOutcome.PROGRESSED).length;
      expect(progressed, atomId).toBeGreaterThanOrEqual(10);
      expect(progressed / placed, atomId).toBeGreaterThan(2 * province);
      const commendations = sample.commendation.filter(
        (r) => r.atom_id === atomId && str(r, 'awarded_on') >= '2021-01-01' && str(r, 'awarded_on') <= '2022-03-31',
      );
      expect(commendations.length, atomId).toBeGreaterThanOrEqual(3);
      expect(new Set(commendations.map((r) => r.recipient_kind))).toEqual(new Set([RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL]));
    }
    // Hồng Châu had merged into Hồng Bạch: its 2021 facts are Hồng Bạch's, still pinned to Hồng Châu's atom.
    const hongChau2021 = sample.community_education_case.filter((r) => r.atom_id === '12778' && inYear(r.released_on, 2021));
    expect(new Set(hongChau2021.map((r) => units.get(num(r, 'unit_id'))!.name))).toContain('Xã Hồng Bạch');
  });

  it('places the two heritage-site models the report names at their heritage points', () => {
    for (const h of heritageModels) {
      const model = sample.security_model.find((m) => m.name === h.name)!;
      expect(model).toMatchObject({ atom_id: h.atomId, kind: ModelKind.HERITAGE_SITE_SELF_MANAGEMENT, exemplary: true });
      expect(str(model, 'established_on') < '2021-01-01').toBe(true);
      expect(model.location).toEqual(geo.heritage.find((s) => s.communeCode === h.atomId)!.location);
    }
    const cameraModels = sample.security_model.filter((m) => m.kind === ModelKind.CAMERA_SURVEILLANCE);
    expect(cameraModels.length).toBeGreaterThanOrEqual(120);
    expect(cameraModels.length).toBeLessThanOrEqual(200);
    const sites = cameraModels.map((m) => sample.camera_site.filter((c) => c.model_id === m.id).length);
    expect(Math.min(...sites)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sites)).toBeLessThanOrEqual(15);
    expect(sample.camera_site.filter((c) => c.atom_id === '12646' && str(c, 'name').includes('đền Trần')).length).toBeGreaterThan(0);
  });

  it('gives every model one to four organisations, led by the police or the Fatherland Front', () => {
    const odd = sample.security_model.filter((m) => {
      const organisations = m.organisations as string[];
      return organisations.length < 1 || organisations.length > 4 || !organisations.some((o) => o === 'POLICE' || o === 'FATHERLAND_FRONT');
    });
    expect(odd).toEqual([]);
  });

  it('writes names in NFC, individual recipients only as placeholders and cases only as opaque references', () => {
    const placeholder = /^(Ông \p{Lu}\p{Ll}+ Văn|Bà \p{Lu}\p{Ll}+ Thị) \p{Lu}$/u;
    const individuals = sample.commendation.filter((c) => c.recipient_kind === RecipientKind.INDIVIDUAL);
    expect(individuals.map((c) => str(c, 'recipient_name')).filter((name) => !placeholder.test(name))).toEqual([]);
    const wrongProvince = sample.commendation.filter((c) =>
      (str(c, 'awarded_on') < divisions[3].validFrom ? /Hưng Yên/ : /Thái Bình|UBND huyện/).test(str(c, 'awarding_body')),
    );
    expect(wrongProvince).toEqual([]);
    const notNfc = tables
      .flatMap((table) => sample[table].flatMap((row) => Object.values(row)))
      .filter((value) => typeof value === 'string' && value.normalize('NFC') !== value);
    expect(notNfc).toEqual([]);
    const badCases = sample.community_education_case.filter((c) => {
      const days = c.released_on === null ? undefined : (Date.parse(str(c, 'released_on')) - Date.parse(str(c, 'placed_on'))) / 86_400_000;
      return (
        !/^GD-\d{4}-\d{6}$/.test(str(c, 'reference')) || (c.released_on === null) !== (c.outcome === null) || (days !== undefined && (days < 183 || days > 730))
      );
    });
    expect(badCases).toEqual([]);
  });

  it('gives each commune in force on 30 June one household-commitment row a year', () => {
    for (const year of sampleYears) {
      const rows = sample.household_commitment.filter((r) => r.year === year);
      const date = `${year}-06-30`;
      const inForce = geo.units.filter((u) => u.level === UnitLevel.COMMUNE && u.validFrom <= date && (u.validTo === null || date < u.validTo));
      expect(rows.map((r) => num(r, 'unit_id')).sort((a, b) => a - b)).toEqual(inForce.map((u) => u.id).sort((a, b) => a - b));
      for (const r of rows) {
        expect(num(r, 'households')).toBeGreaterThanOrEqual(1200);
        expect(num(r, 'households')).toBeLessThanOrEqual(5000);
        expect(r.topic).toBe(year >= 2020 && year <= 2022 ? 'COVID_PREVENTION' : 'SECURITY_AND_ORDER');
      }
    }
  });
});
