import { Migration } from '@mikro-orm/migrations';

/** Point layers counted in map cells: the table, and its columns for when a record begins and ends. */
export const mapCellLayers = [
  { table: 'camera_site', start: 'installed_on', end: 'removed_on' },
  { table: 'report_mailbox', start: 'installed_on', end: 'removed_on' },
  { table: 'security_model', start: 'established_on', end: 'dissolved_on' },
] as const;

/**
 * Map cells: how many records of a point layer begin and end in each year in
 * each cell of the Web Mercator grid at zoom 11 (a zoom-7 tile's 16 × 16
 * cells), with the sums of their longitudes and latitudes. The map's
 * low-zoom tiles count from these instead of from every record: a national
 * zoom-6 tile held 117,134 camera sites and took 80–300 ms to cluster. The
 * records in place at some time in the years Y1–Y2 are those begun by Y2
 * less those ended before Y1, so any span of whole years is two sums.
 * Kept by statement triggers, in the writing transaction, so a tile never
 * sees a write its records do not.
 */
export class Migration20261129060000MapCells extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "map_cell" (
      "layer" text not null, "x" int not null, "y" int not null, "year" smallint not null,
      "started" int not null default 0, "ended" int not null default 0,
      "started_lon" float8 not null default 0, "started_lat" float8 not null default 0,
      "ended_lon" float8 not null default 0, "ended_lat" float8 not null default 0,
      primary key ("layer", "x", "y", "year"));`);
    // The statement adding (sign 1) or taking away (-1) the rows of a relation: the table itself, or a trigger's
    // transition table (which only the trigger's own function can read, so it runs the statement itself).
    // Cells are found as the tiles find them (layers.ts), at 2^11 a side; latitudes past Web Mercator's are held at its edge.
    // An end before the beginning (the API refuses one; an old national seed made some) counts in the beginning's year.
    this.addSql(`create function map_cell_statement(layer text, start_column text, end_column text, source text, sign int) returns text language sql immutable as $$
  select format($q$
    insert into map_cell as m (layer, x, y, year, started, ended, started_lon, started_lat, ended_lon, ended_lat)
    select %1$L, x, y, year, %2$s * sum(s), %2$s * sum(e), %2$s * sum(s * lon), %2$s * sum(s * lat), %2$s * sum(e * lon), %2$s * sum(e * lat)
    from (select ST_X(p) as lon, least(greatest(ST_Y(p), -85.0511), 85.0511) as lat, year, s, e
          from (select ST_PointOnSurface(location) as p, extract(year from %3$I)::int as year, 1 as s, 0 as e from %5$I where location is not null
                union all
                select ST_PointOnSurface(location), extract(year from greatest(%4$I, %3$I))::int, 0, 1 from %5$I where location is not null and %4$I is not null) events) points,
         lateral (select floor((lon + 180) / 360 * 2048)::int as x,
                         floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 2048)::int as y) cell
    group by x, y, year
    order by x, y, year -- one order for every writer: two transactions never wait on each other's cells crosswise
    on conflict (layer, x, y, year) do update set
      started = m.started + excluded.started, ended = m.ended + excluded.ended,
      started_lon = m.started_lon + excluded.started_lon, started_lat = m.started_lat + excluded.started_lat,
      ended_lon = m.ended_lon + excluded.ended_lon, ended_lat = m.ended_lat + excluded.ended_lat
    $q$, layer, sign, start_column, end_column, source) $$;`);
    this.addSql(`create function map_cell_count() returns trigger language plpgsql as $$
begin
  if TG_OP = 'TRUNCATE' then
    delete from map_cell where layer = TG_TABLE_NAME;
    return null;
  end if;
  if TG_OP in ('UPDATE', 'DELETE') then execute map_cell_statement(TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], 'old_rows', -1); end if;
  if TG_OP in ('INSERT', 'UPDATE') then execute map_cell_statement(TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], 'new_rows', 1); end if;
  return null;
end $$;`);
    for (const { table, start, end } of mapCellLayers) {
      const args = `'${start}', '${end}'`;
      this.addSql(`create trigger "map_cell_insert" after insert on "${table}" referencing new table as new_rows for each statement execute function map_cell_count(${args});`);
      this.addSql(`create trigger "map_cell_update" after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function map_cell_count(${args});`);
      this.addSql(`create trigger "map_cell_delete" after delete on "${table}" referencing old table as old_rows for each statement execute function map_cell_count(${args});`);
      this.addSql(`create trigger "map_cell_truncate" after truncate on "${table}" for each statement execute function map_cell_count(${args});`);
    }
    // Counts every layer afresh: here, and after a bulk load that ran with triggers off (the national seed).
    this.addSql(`create function map_cell_rebuild() returns void language plpgsql as $$
begin
  delete from map_cell;
${mapCellLayers.map(({ table, start, end }) => `  execute map_cell_statement('${table}', '${start}', '${end}', '${table}', 1);`).join('\n')}
end $$;`);
    this.addSql(`select map_cell_rebuild();`);
  }

  override async down(): Promise<void> {
    for (const { table } of mapCellLayers) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger "map_cell_${event}" on "${table}";`);
    }
    this.addSql(`drop function map_cell_rebuild();`);
    this.addSql(`drop function map_cell_count();`);
    this.addSql(`drop function map_cell_statement(text, text, text, text, int);`);
    this.addSql(`drop table "map_cell";`);
  }
}
