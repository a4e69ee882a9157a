import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUnit, GeoAtom, HeritageSite, openOrm, SecurityModel, type MikroORM } from './index';
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
      const { rows } = await orm.em.getKnex().raw('select ST_SRID(location) as srid, ST_X(location) as x, ST_Y(location) as y from heritage_site where id = ?', [site.id]);
      expect(rows[0]).toEqual({ srid: 4326, x: 106.139722, y: 20.601667 });
    } finally {
      await orm.em.fork().nativeDelete(HeritageSite, { id: site.id });
    }
  });

  it('stores every unit version as a valid MultiPolygon whose area matches its atoms', async () => {
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

  it('splits Việt Hùng into two parts that cover it', async () => {
    const { rows } = await orm.em.getKnex().raw(`
      select ST_Area(ST_SymDifference(ST_Union(a.geom), (select geom from admin_unit where code = '13219' and valid_from = '2008-01-01'))::geography) as gap,
             ST_Area(ST_Union(a.geom)::geography) as whole, count(*) as parts
      from geo_atom a where a.id like '13219.%'`);
    expect(Number(rows[0].parts)).toBe(2);
    expect(rows[0].gap / rows[0].whole).toBeLessThan(0.001);
  });
});


describe('the outbox', () => {
  const newModel = async (em: ReturnType<MikroORM['em']['fork']>) => {
    const unit = await em.findOneOrFail(AdminUnit, { code: '12442', validFrom: '2008-01-01' });
    return em.create(SecurityModel, {
      unit, atom: em.getReference(GeoAtom, '12442'), name: 'Tổ tự quản thử (outbox test)', kind: ModelKind.SECURITY_PATROL,
      host: ModelHost.RESIDENTIAL_GROUP, organisations: [Organisation.POLICE], establishedOn: '2024-01-02', sample: false, exemplary: false,
    });
  };
  const changesFor = async (id: number) =>
    (await orm.em.getKnex().raw(`select entity, operation, unit_id from "change" where entity = 'security_model' and entity_id = ? order by position`, [id])).rows;

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
    const { rows: [before] } = await orm.em.getKnex().raw('select max(position) as last from "change"');
    await expect(orm.em.fork().transactional(async (em) => {
      em.persist(await newModel(em));
      await em.flush();
      throw new Error('abandon the write');
    })).rejects.toThrow('abandon the write');
    const { rows: [after] } = await orm.em.getKnex().raw(`select count(*) as n from "change" where position > ? and entity = 'security_model'`, [before.last]);
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
