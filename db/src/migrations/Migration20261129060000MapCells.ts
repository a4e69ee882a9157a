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
 * low-zoom tiles count from these instead of from every record, which a
 * national low-zoom tile holds by the hundred thousand. The
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
    // The statement taking away the rows of one relation and adding those of another (either may be null): the
    // table itself, or a trigger's transition tables (which only the trigger's own function can read, so it runs
    // the statement itself). An update's old and new rows go in one statement, so every writer locks its cells
    // in one order (two statements could take them crosswise and deadlock), and cells whose counts and sums do
    // not change (a record renamed) are not written at all.
    // Cells are found as the tiles find them (layers.ts), at 2^11 a side; latitudes past Web Mercator's are held at its edge.
    // An end before the beginning (the API refuses one; an old national seed made some) counts in the beginning's year.
    this
      .addSql(`create function map_cell_statement(layer text, start_column text, end_column text, removed text, added text) returns text language sql immutable as $$
  select format($q$
    with changed as (%2$s)
    insert into map_cell as m (layer, x, y, year, started, ended, started_lon, started_lat, ended_lon, ended_lat)
    select %1$L, x, y, year, sum(sign * s), sum(sign * e), sum(sign * s * lon), sum(sign * s * lat), sum(sign * e * lon), sum(sign * e * lat)
    from (select ST_X(p) as lon, least(greatest(ST_Y(p), -85.0511), 85.0511) as lat, year, s, e, sign
          from (select ST_PointOnSurface(location) as p, extract(year from began)::int as year, 1 as s, 0 as e, sign from changed
                union all
                select ST_PointOnSurface(location), extract(year from greatest(ended, began))::int, 0, 1, sign from changed where ended is not null) events) points,
         lateral (select floor((lon + 180) / 360 * 2048)::int as x,
                         floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 2048)::int as y) cell
    group by x, y, year
    having sum(sign * s) <> 0 or sum(sign * e) <> 0 or sum(sign * lon::numeric) <> 0 or sum(sign * lat::numeric) <> 0 -- numeric: x - x is 0 in any order
    order by x, y, year
    on conflict (layer, x, y, year) do update set
      started = m.started + excluded.started, ended = m.ended + excluded.ended,
      started_lon = m.started_lon + excluded.started_lon, started_lat = m.started_lat + excluded.started_lat,
      ended_lon = m.ended_lon + excluded.ended_lon, ended_lat = m.ended_lat + excluded.ended_lat
    $q$, layer,
    concat_ws(' union all ',
      case when removed is not null then format('select location, %I as began, %I as ended, -1 as sign from %I where location is not null', start_column, end_column, removed) end,
      case when added is not null then format('select location, %I as began, %I as ended, 1 as sign from %I where location is not null', start_column, end_column, added) end)) $$;`);
    this.addSql(`create function map_cell_count() returns trigger language plpgsql as $$
begin
  if TG_OP = 'TRUNCATE' then
    delete from map_cell where layer = TG_TABLE_NAME;
    return null;
  end if;
  execute map_cell_statement(TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1],
    case when TG_OP in ('UPDATE', 'DELETE') then 'old_rows' end, case when TG_OP in ('INSERT', 'UPDATE') then 'new_rows' end);
  return null;
end $$;`);
    for (const { table, start, end } of mapCellLayers) {
      const args = `'${start}', '${end}'`;
      this.addSql(
        `create trigger "map_cell_insert" after insert on "${table}" referencing new table as new_rows for each statement execute function map_cell_count(${args});`,
      );
      this.addSql(
        `create trigger "map_cell_update" after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function map_cell_count(${args});`,
      );
      this.addSql(
        `create trigger "map_cell_delete" after delete on "${table}" referencing old table as old_rows for each statement execute function map_cell_count(${args});`,
      );
      this.addSql(`create trigger "map_cell_truncate" after truncate on "${table}" for each statement execute function map_cell_count(${args});`);
    }
    // Counts every layer afresh: here, and after a bulk load that ran with triggers off (the national seed).
    this.addSql(`create function map_cell_rebuild() returns void language plpgsql as $$
begin
  delete from map_cell;
${mapCellLayers.map(({ table, start, end }) => `  execute map_cell_statement('${table}', '${start}', '${end}', null, '${table}');`).join('\n')}
end $$;`);
    this.addSql(`select map_cell_rebuild();`);
  }

  override async down(): Promise<void> {
    for (const { table } of mapCellLayers) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger "map_cell_${event}" on "${table}";`);
    }
    this.addSql(`drop function map_cell_rebuild();`);
    this.addSql(`drop function map_cell_count();`);
    this.addSql(`drop function map_cell_statement(text, text, text, text, text);`);
    this.addSql(`drop table "map_cell";`);
  }
}
