import { randomBytes } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

/** A longitude and latitude (WGS 84). */
export type LonLat = [number, number];

/** Where and when a record is: a point in a commune (by default a point inside Phường Kỳ Bá, code 12442). */
export interface Placement {
  /** The commune's code; the record goes to its version in force on the record's first day. */
  commune?: string;
  /** The record's point; by default one inside the commune. */
  at?: LonLat;
}

/** What a factory inserted: the row's id, the commune version and atom it was placed in, and its point. */
export interface Inserted {
  id: number;
  unitId: number;
  atomId: string;
  at: LonLat;
}

/** A column's value, or SQL with its own bindings (a geometry, a cast). */
type Value = string | number | boolean | null | string[] | { sql: string; bindings: readonly (string | number)[] };

/** A short token no other row of this database has, for names and codes. */
const unique = () => randomBytes(3).toString('hex');

/** Communes made so far in this file: each gets its own square off the coast. */
let communes = 0;

/** A point of `at`, as SQL. */
const point = ([lon, lat]: LonLat): Value => ({ sql: 'ST_SetSRID(ST_MakePoint(?, ?), 4326)', bindings: [lon, lat] });

async function insertRow(knex: Knex, table: string, row: Record<string, Value | undefined>): Promise<number> {
  const entries = Object.entries(row).filter((e): e is [string, Value] => e[1] !== undefined);
  const columns = entries.map(([name]) => `"${name}"`).join(', ');
  const bindings: unknown[] = [];
  const values = entries.map(([, value]) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      bindings.push(...value.bindings);
      return value.sql;
    }
    bindings.push(value);
    return '?';
  });
  const { rows } = await knex.raw(`insert into "${table}" (${columns}) values (${values.join(', ')}) returning id`, bindings as never);
  return rows[0].id;
}

/**
 * Small factories that insert minimal valid rows straight into the tables (as another server or a migration would,
 * so the change feed's triggers fire), with sensible defaults each test may override. Every test builds what it counts
 * instead of leaning on the sample's rows.
 */
export function testData(knex: Knex) {
  /** The commune version in force on `on` and the atom holding the point (by default a point inside the commune). */
  async function place({ commune = '12442', at }: Placement, on: string): Promise<Omit<Inserted, 'id'>> {
    const { rows } = await knex.raw(
      `select u.id as unit_id, a.id as atom_id, ST_X(p.point) as lon, ST_Y(p.point) as lat
       from admin_unit u join admin_unit_atom ua on ua.unit_id = u.id join geo_atom a on a.id = ua.atom_id
       cross join lateral (select coalesce(ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326), ST_PointOnSurface(a.geom)) as point) p
       where u.code = ? and u.level = 'COMMUNE' and u.valid_from <= ?::date and (u.valid_to is null or u.valid_to > ?::date)
         and ST_Covers(a.geom, p.point)
       order by a.id limit 1`,
      [at?.[0] ?? null, at?.[1] ?? null, commune, on, on],
    );
    if (rows.length === 0) throw new Error(`No commune ${commune} on ${on}${at ? ` holds [${at}]` : ''}.`);
    const [row] = rows as { unit_id: number; atom_id: string; lon: number; lat: number }[];
    return { unitId: row.unit_id, atomId: row.atom_id, at: [row.lon, row.lat] };
  }

  /** Inserts a record of a type placed in a commune (a fact: unit, atom, and the type's own columns). */
  async function newRecord(
    table: string,
    placement: Placement,
    firstDay: string,
    columns: (at: LonLat) => Record<string, Value | undefined>,
  ): Promise<Inserted> {
    const placed = await place(placement, firstDay);
    const id = await insertRow(knex, table, { unit_id: placed.unitId, atom_id: placed.atomId, ...columns(placed.at) });
    return { id, ...placed };
  }

  return {
    place,
    newRecord,

    /**
     * A commune of its own, a square of `size` degrees at `at` (by default off the coast, where no other unit lies),
     * in force from `validFrom` under district `district` (by default Thái Bình city, 336); its code and row ids.
     */
    async newCommune(o: { name?: string; code?: string; district?: string; validFrom?: string; validTo?: string | null; at?: LonLat; size?: number } = {}) {
      const code = o.code ?? `T${unique()}`;
      const name = o.name ?? `Xã Thử ${code}`;
      const [lon, lat] = o.at ?? [107.2 + 0.02 * (communes % 20), 20.0 + 0.02 * Math.floor(communes / 20)];
      communes++;
      const size = o.size ?? 0.01;
      const square = { sql: 'ST_Multi(ST_MakeEnvelope(?, ?, ?, ?, 4326))', bindings: [lon, lat, lon + size, lat + size] };
      const atomId = code;
      await knex.raw('insert into geo_atom (id, name, geom) values (?, ?, ST_Multi(ST_MakeEnvelope(?, ?, ?, ?, 4326)))', [
        atomId,
        name,
        lon,
        lat,
        lon + size,
        lat + size,
      ]);
      const unitId = await insertRow(knex, 'admin_unit', {
        // The loader gives units their ids itself, so the column's sequence lags behind them.
        id: { sql: '(select coalesce(max(id), 0) + 1 from admin_unit)', bindings: [] },
        code,
        name,
        name_folded: { sql: 'fold_vi(?)', bindings: [name] },
        level: 'COMMUNE',
        kind: 'COMMUNE',
        parent_code: o.district ?? '336',
        valid_from: o.validFrom ?? '2008-01-01',
        valid_to: o.validTo ?? null,
        seat_atom_id: atomId,
        geom: square,
        area_km2: { sql: 'ST_Area(ST_MakeEnvelope(?, ?, ?, ?, 4326)::geography) / 1e6', bindings: [lon, lat, lon + size, lat + size] },
      });
      await knex.raw('insert into admin_unit_atom (unit_id, atom_id) values (?, ?)', [unitId, atomId]);
      return { code, name, unitId, atomId, at: [lon + size / 2, lat + size / 2] as LonLat };
    },

    /** A self-management model (a security patrol of a village, with the police and the Fatherland Front). */
    newSecurityModel(
      o: Placement & {
        name?: string;
        kind?: string;
        host?: string;
        organisations?: string[];
        establishedOn?: string;
        dissolvedOn?: string | null;
        exemplary?: boolean;
        sample?: boolean;
      } = {},
    ) {
      const establishedOn = o.establishedOn ?? '2024-01-15';
      return newRecord('security_model', o, establishedOn, (at) => ({
        name: o.name ?? `Tổ tuần tra thử ${unique()}`,
        kind: o.kind ?? 'SECURITY_PATROL',
        host: o.host ?? 'VILLAGE',
        organisations: { sql: '?::organisation[]', bindings: [`{${(o.organisations ?? ['POLICE', 'FATHERLAND_FRONT']).join(',')}}`] },
        established_on: establishedOn,
        dissolved_on: o.dissolvedOn ?? null,
        exemplary: o.exemplary ?? false,
        sample: o.sample ?? false,
        location: point(at),
      }));
    },

    /** A camera-surveillance site (one camera). */
    newCameraSite(
      o: Placement & { name?: string; cameraCount?: number; installedOn?: string; removedOn?: string | null; modelId?: number | null; sample?: boolean } = {},
    ) {
      const installedOn = o.installedOn ?? '2024-03-01';
      return newRecord('camera_site', o, installedOn, (at) => ({
        name: o.name ?? `Camera thử ${unique()}`,
        camera_count: o.cameraCount ?? 1,
        installed_on: installedOn,
        removed_on: o.removedOn ?? null,
        model_id: o.modelId ?? null,
        sample: o.sample ?? false,
        location: point(at),
      }));
    },

    /** A crime-report mailbox (at a market). */
    newReportMailbox(o: Placement & { host?: string; installedOn?: string; removedOn?: string | null; sample?: boolean } = {}) {
      const installedOn = o.installedOn ?? '2024-02-01';
      return newRecord('report_mailbox', o, installedOn, (at) => ({
        host: o.host ?? 'MARKET',
        installed_on: installedOn,
        removed_on: o.removedOn ?? null,
        sample: o.sample ?? false,
        location: point(at),
      }));
    },

    /** A commendation (a letter of commendation to a person from the provincial police). */
    newCommendation(
      o: Placement & {
        recipientKind?: string;
        recipientName?: string;
        awardingBody?: string;
        form?: string;
        awardedOn?: string;
        reason?: string;
        modelId?: number | null;
        sample?: boolean;
      } = {},
    ) {
      const awardedOn = o.awardedOn ?? '2024-05-04';
      return newRecord('commendation', o, awardedOn, () => ({
        recipient_kind: o.recipientKind ?? 'INDIVIDUAL',
        recipient_name: o.recipientName ?? `Ông Thử ${unique()}`,
        awarding_body: o.awardingBody ?? 'Công an tỉnh Thái Bình',
        form: o.form ?? 'LETTER_OF_COMMENDATION',
        awarded_on: awardedOn,
        reason: o.reason ?? 'Có thành tích trong phong trào',
        model_id: o.modelId ?? null,
        sample: o.sample ?? false,
      }));
    },

    /** A community-education case (pseudonymous), placed on `placedOn` and, with `releasedOn`, released with `outcome`. */
    newCommunityEducationCase(
      o: Placement & { reference?: string; placedOn?: string; releasedOn?: string | null; outcome?: string | null; sample?: boolean } = {},
    ) {
      const placedOn = o.placedOn ?? '2024-01-10';
      return newRecord('community_education_case', o, placedOn, () => ({
        reference: o.reference ?? `TEST-CEC-${unique()}`,
        placed_on: placedOn,
        released_on: o.releasedOn ?? null,
        outcome: o.outcome ?? (o.releasedOn ? 'PROGRESSED' : null),
        sample: o.sample ?? false,
      }));
    },

    /** A user who signs in with `passwordHash` (by default one no password matches); its row id and username. */
    async newUser(o: { username?: string; displayName?: string; role?: string; units?: string[]; passwordHash?: string; disabled?: boolean } = {}) {
      const username = o.username ?? `user.${unique()}`;
      const id = await insertRow(knex, 'app_user', {
        username,
        display_name: o.displayName ?? `Người dùng thử ${username}`,
        role: o.role ?? 'OFFICER',
        units: { sql: '?::text[]', bindings: [`{${(o.units ?? ['12442']).join(',')}}`] },
        password_hash: o.passwordHash ?? '!',
        disabled: o.disabled ?? false,
      });
      return { id, username };
    },
  };
}

export type TestData = ReturnType<typeof testData>;
