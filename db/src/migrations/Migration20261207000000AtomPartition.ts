import { Migration } from '@mikro-orm/migrations';

/**
 * Areas that add up. The atoms, drawn by hand, overlapped their neighbours and
 * left slivers between them, and each unit's area was measured on its own
 * union, so communes, districts and the province disagreed (1,648.6 km² of
 * communes on the 2008 map, 1,646.7 on the 2025 one, 1,650.1 for the province).
 *
 * geo_atom_partition() makes the atoms a partition of the province on a grid
 * of 1e-7° (about 1 cm): the boundaries are cut into faces, a face in two atoms
 * (an overlap) is kept by the smaller id, and a face in none (a gap, a hole in
 * their union) goes to the atom it shares the longest border with. Run again,
 * it changes nothing.
 *
 * admin_unit_from_atoms() rebuilds every unit version from its atoms: its
 * shape is their union and its area the sum of their geodesic areas, so a
 * district and a province are exactly their communes on every map and a
 * merged commune exactly what it absorbed.
 */
export class Migration20261207000000AtomPartition extends Migration {
  override async up(): Promise<void> {
    // Every boundary is noded on the grid and cut into faces, so neighbours end up sharing the very same edges.
    this.addSql(`create function geo_atom_partition() returns void language plpgsql as $$
declare
  atoms int;
  rebuilt int;
begin
  select count(*) into atoms from geo_atom;
  with lines as (select ST_UnaryUnion(ST_Collect(ST_Boundary(ST_ReducePrecision(geom, 1e-7))), 1e-7) as geom from geo_atom),
  polygonized as (select ST_Polygonize(geom) as geom from lines),
  face as (select row_number() over () as n, f.geom, ST_PointOnSurface(f.geom) as inside from polygonized, ST_Dump(polygonized.geom) f),
  -- A face in two atoms (an overlap) is the smaller id's; a face in none is a gap, enclosed by atoms.
  owner as (select f.n, (select min(a.id) from geo_atom a where ST_Intersects(a.geom, f.inside)) as id from face f),
  -- A gap goes to the atom it shares the longest border with.
  gap_owner as (
    select distinct on (g.n) g.n, o.id
    from owner gap join face g on g.n = gap.n and gap.id is null
    join face f on f.geom && g.geom and f.n <> g.n join owner o on o.n = f.n and o.id is not null
    order by g.n, ST_Length(ST_Intersection(ST_Boundary(g.geom), ST_Boundary(f.geom))) desc, o.id),
  atom as (
    select coalesce(o.id, t.id) as id, ST_Multi(ST_CollectionExtract(ST_Union(f.geom, 1e-7), 3)) as geom
    from face f join owner o on o.n = f.n left join gap_owner t on t.n = f.n
    group by 1)
  update geo_atom a set geom = atom.geom from atom where atom.id = a.id and not ST_IsEmpty(atom.geom);
  get diagnostics rebuilt = row_count;
  -- An atom wholly under smaller ones, or an overlay that failed (PGlite answers an empty result), must not pass silently.
  if rebuilt <> atoms then
    raise exception 'geo_atom_partition rebuilt % of % atoms: some atom lies wholly under others or the overlay failed', rebuilt, atoms;
  end if;
end
$$;`);
    this.addSql(`create function admin_unit_from_atoms() returns void language sql as $$
  update admin_unit u set geom = s.geom, area_km2 = s.area_km2
  from (select ua.unit_id, ST_Multi(ST_CollectionExtract(ST_Union(a.geom, 1e-7), 3)) as geom, sum(ST_Area(a.geom::geography)) / 1e6 as area_km2
        from admin_unit_atom ua join geo_atom a on a.id = ua.atom_id group by ua.unit_id) s
  where s.unit_id = u.id;
$$;`);
    // A database seeded before this migration gets the same geometries a new seed does.
    this.addSql('select geo_atom_partition();');
    this.addSql('select admin_unit_from_atoms();');
  }

  override async down(): Promise<void> {
    // The atoms keep their cleaned shapes: the overlaps and gaps are not worth restoring.
    this.addSql('drop function admin_unit_from_atoms();');
    this.addSql('drop function geo_atom_partition();');
  }
}
