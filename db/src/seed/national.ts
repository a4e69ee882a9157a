import type { Knex } from '@mikro-orm/postgresql';
import { foldVietnamese } from '@anbinh/shared';
import { Random } from './random';
import type { Progress } from './load';

/**
 * A synthetic country for measuring the hub at national scale
 * (`pnpm db:seed --scale national`): about 10,600 communes on a grid over
 * Vietnam's extent, grouped 4×4 into districts and districts 3×4 into
 * provinces, with half a million camera sites, a million valuable tips,
 * 100,000 commendations and the other records in the sample's proportions.
 * Deterministic: the same database every time. Not Vietnam's real map: the
 * cells' edges wobble (32 vertices a commune, shared exactly with the
 * neighbours) so that tiles cost what real boundaries would.
 */
const extent = { west: 102.14, south: 8.18, east: 109.46, north: 23.39 };
export const columns = 70;
export const rows = 152; // 70 × 152 = 10,640 communes
const perEdge = 8;
const districtSize = [4, 4];
const provinceSize = [3, 4]; // in districts

/** Records per table, and what each row holds (SQL over `i`, the row number, `c`, its commune, and `r(k)`, a fixed random number in [0, 1)). */
const records: { table: string; count: number; columns: Record<string, string> }[] = [
  {
    table: 'security_model',
    count: 67_000,
    columns: {
      name: `'Mô hình tự quản ' || i`,
      kind: `(enum_range(null::model_kind))[1 + floor(r(1) * 11)::int]`,
      host: `(enum_range(null::model_host))[1 + floor(r(2) * 6)::int]`,
      organisations: `array['POLICE', (enum_range(null::organisation))[2 + floor(r(3) * 7)::int]]::organisation[]`,
      established_on: `date '2009-01-01' + floor(r(4) * 4700)::int`,
      dissolved_on: `case when r(5) < 0.1 then date '2022-01-01' + floor(r(6) * 1000)::int end`,
      exemplary: 'r(7) < 0.05',
      location: 'point',
    },
  },
  {
    table: 'camera_site',
    count: 500_000,
    columns: {
      name: `'Camera giám sát ' || i`,
      camera_count: `1 + floor(r(1) * 6)::int`,
      installed_on: `date '2015-01-01' + floor(r(2) * 3900)::int`,
      removed_on: `case when r(3) < 0.05 then greatest(date '2024-01-01' + floor(r(4) * 600)::int, date '2015-01-01' + floor(r(2) * 3900)::int) end`,
      location: 'point',
    },
  },
  {
    table: 'report_mailbox',
    count: 31_000,
    columns: {
      host: `(enum_range(null::mailbox_host))[1 + floor(r(1) * 6)::int]`,
      installed_on: `date '2012-01-01' + floor(r(2) * 4000)::int`,
      removed_on: 'null',
      location: 'point',
    },
  },
  {
    table: 'covid_team',
    count: 74_000,
    columns: {
      name: `'Tổ COVID cộng đồng ' || i`,
      members: `3 + floor(r(1) * 8)::int`,
      formed_on: `date '2020-03-01' + floor(r(2) * 500)::int`,
      disbanded_on: `date '2022-06-01' + floor(r(3) * 300)::int`,
    },
  },
  {
    table: 'outreach_activity',
    count: 247_000,
    columns: {
      kind: `(enum_range(null::outreach_kind))[1 + floor(r(1) * 4)::int]`,
      held_on: `date '2012-01-01' + floor(r(2) * 4900)::int`,
      quantity: `1 + floor(r(3) * 20)::int`,
      attendance: `case when r(1) < 0.25 then 20 + floor(r(4) * 200)::int end`,
      topic: `'Phòng, chống tội phạm'`,
    },
  },
  {
    table: 'valuable_tip',
    count: 1_000_000,
    columns: {
      received_on: `date '2012-01-01' + floor(r(1) * 4900)::int`,
      channel: `(enum_range(null::tip_channel))[1 + floor(r(2) * 4)::int]`,
    },
  },
  {
    table: 'incident',
    count: 108_000,
    columns: {
      uncovered_on: `date '2012-01-01' + floor(r(1) * 4900)::int`,
      category: `(enum_range(null::incident_category))[1 + floor(r(2) * 8)::int]`,
    },
  },
  {
    table: 'seizure',
    count: 90_000,
    columns: {
      seized_on: `date '2012-01-01' + floor(r(1) * 4900)::int`,
      item: `(enum_range(null::seizure_item))[1 + floor(r(2) * 9)::int]`,
      quantity: `1 + floor(r(3) * 50)`,
      measure: `'PIECE'`,
    },
  },
  {
    table: 'community_education_case',
    count: 430_000,
    columns: {
      reference: `'GD-' || (2012 + floor(r(1) * 13)::int) || '-' || lpad(i::text, 7, '0')`,
      placed_on: `date '2012-01-01' + floor(r(1) * 4700)::int`,
      released_on: `case when r(2) < 0.7 then date '2012-01-01' + floor(r(1) * 4700)::int + 180 + floor(r(3) * 400)::int end`,
      outcome: `case when r(2) < 0.6 then 'PROGRESSED' when r(2) < 0.65 then 'REOFFENDED' when r(2) < 0.7 then 'TRANSFERRED' end::case_outcome`,
    },
  },
  {
    table: 'commendation',
    count: 100_000,
    columns: {
      recipient_kind: `case when r(1) < 0.4 then 'COLLECTIVE' else 'INDIVIDUAL' end::recipient_kind`,
      recipient_name: `'Người được khen ' || i`,
      awarding_body: `'Công an tỉnh'`,
      form: `(enum_range(null::commendation_form))[1 + floor(r(2) * 5)::int]`,
      awarded_on: `date '2012-01-01' + floor(r(3) * 4900)::int`,
      reason: `'Thành tích trong phong trào'`,
    },
  },
  {
    table: 'household_commitment',
    count: 68_000,
    columns: {
      year: `2012 + floor(r(1) * 14)::int`,
      topic: `(enum_range(null::commitment_topic))[1 + floor(r(2) * 2)::int]`,
      households: `200 + floor(r(3) * 2000)::int`,
      committed: `200 + floor(r(3) * 2000 * 0.9)::int`,
    },
  },
];

export const nationalCounts = { communes: columns * rows, ...Object.fromEntries(records.map((r) => [r.table, r.count])) };

/** The lattice point (i, j), moved a little by a fixed random amount: cells share their edges exactly. */
function lattice(i: number, j: number): [number, number] {
  const dx = (extent.east - extent.west) / (columns * perEdge);
  const dy = (extent.north - extent.south) / (rows * perEdge);
  const onBorder = i === 0 || j === 0 || i === columns * perEdge || j === rows * perEdge;
  const jitter = onBorder
    ? [0, 0]
    : (() => {
        const rng = new Random(i * 100_003 + j);
        return [rng.between(-0.3, 0.3) * dx, rng.between(-0.3, 0.3) * dy];
      })();
  return [+(extent.west + i * dx + jitter[0]).toFixed(6), +(extent.south + j * dy + jitter[1]).toFixed(6)];
}

/** A commune's boundary: 8 vertices a side, shared exactly with its neighbours. */
export function cellRing(col: number, row: number): [number, number][] {
  const [i0, j0] = [col * perEdge, row * perEdge];
  const ring: [number, number][] = [];
  for (let k = 0; k < perEdge; k++) ring.push(lattice(i0 + k, j0));
  for (let k = 0; k < perEdge; k++) ring.push(lattice(i0 + perEdge, j0 + k));
  for (let k = 0; k < perEdge; k++) ring.push(lattice(i0 + perEdge - k, j0 + perEdge));
  for (let k = 0; k < perEdge; k++) ring.push(lattice(i0, j0 + perEdge - k));
  ring.push(ring[0]);
  return ring;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Loads the synthetic country into an empty database (the caller empties it), in one transaction. */
export async function seedNational(knex: Knex, progress: Progress): Promise<void> {
  await knex.transaction(async (trx) => {
    // A bulk load: the outbox is for changes partners follow, not for millions of generated rows.
    await trx.raw('set local session_replication_role = replica');
    progress(`Drawing ${nationalCounts.communes.toLocaleString('en')} communes on a ${columns} × ${rows} grid over Vietnam's extent`);
    const communes: { code: string; name: string; district: string; wkt: string }[] = [];
    const districtColumns = Math.ceil(columns / districtSize[0]);
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < columns; col++) {
        const n = row * columns + col + 1;
        const district = Math.floor(row / districtSize[1]) * districtColumns + Math.floor(col / districtSize[0]) + 1;
        communes.push({
          code: pad(n, 5),
          name: `Xã Mẫu ${n}`,
          district: pad(district, 3),
          wkt: `POLYGON((${cellRing(col, row)
            .map((p) => p.join(' '))
            .join(',')}))`,
        });
      }
    }
    for (let i = 0; i < communes.length; i += 2000) {
      await trx.raw(
        `insert into geo_atom (id, name, geom) select r.code, r.name, ST_Multi(ST_GeomFromText(r.wkt, 4326)) from json_to_recordset(?::json) as r(code text, name text, wkt text)`,
        [JSON.stringify(communes.slice(i, i + 2000))],
      );
    }
    const provinceOf = (district: number) => {
      const districtRow = Math.floor((district - 1) / districtColumns);
      const districtCol = (district - 1) % districtColumns;
      return Math.floor(districtRow / provinceSize[1]) * Math.ceil(districtColumns / provinceSize[0]) + Math.floor(districtCol / provinceSize[0]) + 1;
    };
    progress('Grouping them into districts and provinces');
    await trx.raw(
      `insert into admin_unit (code, name, name_folded, level, kind, parent_code, valid_from, seat_atom_id, geom)
       select r.code, r.name, r.folded, 'COMMUNE', 'COMMUNE', r.district, '2008-01-01', r.code, a.geom
       from json_to_recordset(?::json) as r(code text, name text, folded text, district text) join geo_atom a on a.id = r.code`,
      [JSON.stringify(communes.map((c) => ({ code: c.code, name: c.name, folded: foldVietnamese(c.name), district: c.district })))],
    );
    const districts = [...new Set(communes.map((c) => c.district))].map((code) => {
      const n = Number(code);
      return { code, name: `Huyện Mẫu ${n}`, folded: foldVietnamese(`Huyện Mẫu ${n}`), province: pad(provinceOf(n), 2) };
    });
    const provinces = [...new Set(districts.map((d) => d.province))].map((code) => ({
      code,
      name: `Tỉnh Mẫu ${Number(code)}`,
      folded: foldVietnamese(`Tỉnh Mẫu ${Number(code)}`),
    }));
    await trx.raw(
      `insert into admin_unit (code, name, name_folded, level, kind, parent_code, valid_from, seat_atom_id, geom)
       select r.code, r.name, r.folded, 'DISTRICT', 'DISTRICT', r.province, '2008-01-01', min(c.code), ST_Multi(ST_Union(c.geom))
       from json_to_recordset(?::json) as r(code text, name text, folded text, province text)
       join admin_unit c on c.level = 'COMMUNE' and c.parent_code = r.code
       group by r.code, r.name, r.folded, r.province`,
      [JSON.stringify(districts)],
    );
    await trx.raw(
      `insert into admin_unit (code, name, name_folded, level, kind, parent_code, valid_from, seat_atom_id, geom)
       select r.code, r.name, r.folded, 'PROVINCE', 'PROVINCE', null, '2008-01-01', min(d.seat_atom_id), ST_Multi(ST_Union(d.geom))
       from json_to_recordset(?::json) as r(code text, name text, folded text)
       join admin_unit d on d.level = 'DISTRICT' and d.parent_code = r.code
       group by r.code, r.name, r.folded`,
      [JSON.stringify(provinces)],
    );
    await trx.raw(`update admin_unit set area_km2 = ST_Area(geom::geography) / 1e6`);
    await trx.raw(
      `insert into admin_unit_atom (unit_id, atom_id)
       select c.id, c.code from admin_unit c where c.level = 'COMMUNE'
       union all select d.id, c.code from admin_unit d join admin_unit c on c.parent_code = d.code and c.level = 'COMMUNE' where d.level = 'DISTRICT'
       union all select p.id, c.code from admin_unit p join admin_unit d on d.parent_code = p.code and d.level = 'DISTRICT' join admin_unit c on c.parent_code = d.code and c.level = 'COMMUNE' where p.level = 'PROVINCE'`,
    );
    progress(`${districts.length} districts, ${provinces.length} provinces`);

    // Each record in a commune chosen by a fixed random number, its point inside the commune's cell.
    await trx.raw(`create temporary table national_commune on commit drop as
      select row_number() over (order by u.code) as n, u.id, u.code, ST_X(ST_Centroid(u.geom)) as x, ST_Y(ST_Centroid(u.geom)) as y
      from admin_unit u where u.level = 'COMMUNE'`);
    const cellWidth = (extent.east - extent.west) / columns;
    const cellHeight = (extent.north - extent.south) / rows;
    for (const [t, { table, count, columns: cols }] of records.entries()) {
      progress(`${table}: ${count.toLocaleString('en')} rows`);
      const r = (k: number) => `(('x' || substr(md5(i || ':${t}:' || ${k}), 1, 8))::bit(32)::bigint / 4294967296.0)`;
      const expression = (sql: string) =>
        sql
          .replace(/\br\((\d+)\)/g, (_m, k) => r(Number(k)))
          .replace(/^point$/, `ST_SetSRID(ST_MakePoint(c.x + (${r(90)} - 0.5) * ${cellWidth * 0.5}, c.y + (${r(91)} - 0.5) * ${cellHeight * 0.5}), 4326)`);
      const names = Object.keys(cols);
      for (let start = 1; start <= count; start += 250_000) {
        const end = Math.min(count, start + 250_000 - 1);
        await trx.raw(
          `insert into "${table}" (unit_id, atom_id, sample, ${names.map((c) => `"${c}"`).join(', ')})
           select c.id, c.code, true, ${names.map((c) => expression(cols[c])).join(', ')}
           from generate_series(${start}, ${end}) as i
           join national_commune c on c.n = 1 + floor(${r(99)} * ${nationalCounts.communes})::int`,
        );
      }
    }
    // The load ran with triggers off: the map's cells are counted once, at the end.
    progress('Counting map cells');
    await trx.raw('select map_cell_rebuild()');
  });
}
