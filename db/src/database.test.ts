import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUnit, atomAt, GeoAtom, HeritageSite, openOrm, SecurityModel, type MikroORM } from './index';
import { foldVietnamese, ModelHost, ModelKind, Organisation } from '@anbinh/shared';
import { testDatabaseUrl } from './testing';
import type { Point } from '@anbinh/shared';

let orm: MikroORM;
beforeAll(async () => {
  orm = await openOrm(testDatabaseUrl(), 2);
});
afterAll(async () => {
  await orm?.close();
});

describe('schema', () => {
  it('matches the entities exactly after migrating (no drift)', async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('has no pending migration', async () => {
    expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
  });
});

describe('geometry', () => {
  it('round-trips a GeoJSON point through PostGIS in lon/lat, SRID 4326', async () => {
    const location: Point = { type: 'Point', coordinates: [106.139722, 20.601667] };
    const em = orm.em.fork();
    const site = em.create(HeritageSite, { name: 'Điểm thử (test)', address: 'test', coordinateSource: 'test', location });
    await em.persistAndFlush(site);
    try {
      const reread = await orm.em.fork().findOneOrFail(HeritageSite, site.id);
      expect(reread.location).toEqual(location);
      const { rows } = await orm.em
        .getKnex()
        .raw('select ST_SRID(location) as srid, ST_X(location) as x, ST_Y(location) as y from heritage_site where id = ?', [site.id]);
      expect(rows[0]).toEqual({ srid: 4326, x: 106.139722, y: 20.601667 });
    } finally {
      await orm.em.fork().nativeDelete(HeritageSite, { id: site.id });
    }
  });

  it('stores every unit version as a valid MultiPolygon', async () => {
    const { rows } = await orm.em.getKnex().raw(`
      select count(*) filter (where not ST_IsValid(geom)) as invalid,
             count(*) filter (where GeometryType(geom) <> 'MULTIPOLYGON') as not_multi,
             count(*) filter (where ST_SRID(geom) <> 4326) as wrong_srid,
             count(*) as total
      from admin_unit`);
    expect(rows[0]).toEqual({ invalid: '0', not_multi: '0', wrong_srid: '0', total: expect.any(String) });
    const area = await orm.em.getKnex().raw(`select area_km2 from admin_unit where code = '34'`);
    // Thái Bình is 1,586 km² officially; the simplified polygons cover about 104 % of it (db/data/SOURCES.md).
    expect(area.rows[0].area_km2).toBeGreaterThan(1586);
    expect(area.rows[0].area_km2).toBeLessThan(1586 * 1.06);
  });
});

/** The atoms' summed geodesic area, their union's, the holes in that union and the area inside its outline (km²). */
const atomCover = `with u as (select sum(ST_Area(geom::geography)) / 1e6 as summed, ST_Union(geom, 1e-7) as geom from geo_atom)
  select summed, ST_Area(geom::geography) / 1e6 as united,
    (select count(*) from ST_Dump(geom) part, ST_DumpRings(part.geom) ring where ring.path[1] > 0)::int as holes,
    (select ST_Area(ST_Union(ST_MakePolygon(ST_ExteriorRing(part.geom)))::geography) / 1e6 from ST_Dump(geom) part) as outline
  from u`;

describe('atoms and areas', () => {
  it('makes the atoms a partition of the province: no overlap, no gap', async () => {
    const {
      rows: [cover],
    } = await orm.em.getKnex().raw(atomCover);
    expect(cover.holes).toBe(0);
    expect(Math.abs(cover.summed - cover.united) / cover.united).toBeLessThan(1e-9);
  });

  it('gives every unit version the union of its atoms as its shape and the sum of their geodesic areas as its area', async () => {
    const { rows } = await orm.em.getKnex().raw(`
      select u.code, u.valid_from::text, u.area_km2, ST_Area(u.geom::geography) / 1e6 as shape_km2, s.atoms_km2, ST_Equals(u.geom, s.geom) as same
      from admin_unit u join (select ua.unit_id, sum(ST_Area(a.geom::geography)) / 1e6 as atoms_km2, ST_Union(a.geom) as geom
                              from admin_unit_atom ua join geo_atom a on a.id = ua.atom_id group by ua.unit_id) s on s.unit_id = u.id`);
    expect(rows.length).toBeGreaterThan(390);
    const off = (rows as { area_km2: number; shape_km2: number; atoms_km2: number; same: boolean }[]).filter(
      (r) => !r.same || Math.abs(r.area_km2 - r.atoms_km2) > 1e-9 * r.atoms_km2 || Math.abs(r.shape_km2 - r.area_km2) > 1e-4 * r.area_km2,
    );
    expect(off).toEqual([]);
  });

  it('settles overlaps and gaps between atoms, and changes nothing when run again', async () => {
    const knex = orm.em.getKnex();
    await expect(
      knex.transaction(async (trx) => {
        // Hồng Châu spreads over its neighbours, Kỳ Bá shrinks away from its own.
        await trx.raw(`update geo_atom set geom = ST_Multi(ST_Buffer(geom, 0.003)) where id = '12778'`);
        await trx.raw(`update geo_atom set geom = ST_Multi(ST_Buffer(geom, -0.001)) where id = '12442'`);
        const {
          rows: [before],
        } = await trx.raw(atomCover);
        expect(before.holes).toBeGreaterThan(0);
        expect(before.summed - before.united).toBeGreaterThan(0.5);
        await trx.raw('select geo_atom_partition()');
        const {
          rows: [after],
        } = await trx.raw(atomCover);
        expect(after.holes).toBe(0);
        expect(Math.abs(after.summed - after.united) / after.united).toBeLessThan(1e-9);
        // The gaps are filled, not lost: the atoms cover the province's outline as before.
        expect(Math.abs(after.united - before.outline) / before.outline).toBeLessThan(1e-6);
        await trx.raw('create temporary table partitioned on commit drop as select id, geom from geo_atom');
        await trx.raw('select geo_atom_partition()');
        const {
          rows: [changed],
        } = await trx.raw('select count(*)::int as n from geo_atom a join partitioned p using (id) where not ST_Equals(a.geom, p.geom)');
        expect(changed.n).toBe(0);
        throw new Error('undo the test edits');
      }),
    ).rejects.toThrow('undo the test edits');
  });

  it('splits Việt Hùng into two parts that cover it', async () => {
    const { rows } = await orm.em.getKnex().raw(`
      select ST_Area(ST_SymDifference(ST_Union(a.geom), (select geom from admin_unit where code = '13219' and valid_from = '2008-01-01'))::geography) as gap,
             ST_Area(ST_Union(a.geom)::geography) as whole, count(*) as parts
      from geo_atom a where a.id like '13219.%'`);
    expect(Number(rows[0].parts)).toBe(2);
    expect(rows[0].gap / rows[0].whole).toBeLessThan(0.001);
  });

  it('finds the atom that holds a point, and none outside the province', async () => {
    const knex = orm.em.getKnex();
    const { rows } = await knex.raw(
      `select id, ST_X(p) as lon, ST_Y(p) as lat from (select id, ST_PointOnSurface(geom) as p from geo_atom where id like '13219.%') x order by id`,
    );
    expect(rows.map((r: { id: string }) => r.id)).toEqual(['13219.1', '13219.2']);
    for (const row of rows) expect(await atomAt(knex, row.lon, row.lat)).toBe(row.id);
    expect(await atomAt(knex, 105.0, 21.0)).toBeNull();
  });
});

describe('the outbox', () => {
  const newModel = async (em: ReturnType<MikroORM['em']['fork']>) => {
    const unit = await em.findOneOrFail(AdminUnit, { code: '12442', validFrom: '2008-01-01' });
    return em.create(SecurityModel, {
      unit,
      atom: em.getReference(GeoAtom, '12442'),
      name: 'Tổ tự quản thử (outbox test)',
      kind: ModelKind.SECURITY_PATROL,
      host: ModelHost.RESIDENTIAL_GROUP,
      organisations: [Organisation.POLICE],
      establishedOn: '2024-01-02',
      sample: false,
      exemplary: false,
    });
  };
  const changesFor = async (id: number) =>
    (await orm.em.getKnex().raw(`select entity, operation, unit_id from "change" where entity = 'security_model' and entity_id = ? order by position`, [id]))
      .rows;

  it('gets a row in the same transaction as each write', async () => {
    const em = orm.em.fork();
    const model = await newModel(em);
    await em.persistAndFlush(model);
    model.name = 'Tổ tự quản thử (outbox test, renamed)';
    await em.flush();
    await em.nativeDelete(SecurityModel, { id: model.id });
    expect(await changesFor(model.id)).toEqual([
      { entity: 'security_model', operation: 'insert', unit_id: model.unit.id },
      { entity: 'security_model', operation: 'update', unit_id: model.unit.id },
      { entity: 'security_model', operation: 'delete', unit_id: model.unit.id },
    ]);
  });

  it('gets nothing from a write that is rolled back', async () => {
    const {
      rows: [before],
    } = await orm.em.getKnex().raw('select max(position) as last from "change"');
    await expect(
      orm.em.fork().transactional(async (em) => {
        em.persist(await newModel(em));
        await em.flush();
        throw new Error('abandon the write');
      }),
    ).rejects.toThrow('abandon the write');
    const {
      rows: [after],
    } = await orm.em.getKnex().raw(`select count(*) as n from "change" where position > ? and entity = 'security_model'`, [before.last]);
    expect(Number(after.n)).toBe(0);
  });
});

describe('fold_vi', () => {
  it('folds exactly as foldVietnamese does, on every name the hub holds', async () => {
    const { rows } = await orm.em.getKnex().raw(`
      select name as text, fold_vi(name) as folded from admin_unit
      union all select name, fold_vi(name) from security_model
      union all select recipient_name, fold_vi(recipient_name) from commendation
      union all select topic, fold_vi(topic) from outreach_activity
      union all select t, fold_vi(t) from (values ('  Đường “Kỳ Bá”—ĐÔNG  hưng '), ('Thị trấn Diêm Điền, tổ 3')) v(t)`);
    const mismatches = (rows as { text: string; folded: string }[]).filter((r) => foldVietnamese(r.text) !== r.folded);
    expect(rows.length).toBeGreaterThan(1000);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
