import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, type ClassType } from 'type-graphql';
import type { Geometry, Position } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import type { Connection } from '../graphql/pagination';
import { DateScalar, GeoJSONScalar } from '../graphql/scalars';
import { AdminUnitNode } from '../geography/admin-unit.type';
import { RecordOrder } from './record.inputs';
import { listRecords, type LocatedRecordNode, type RecordKind, type RecordNode } from './record';
import type { RecordFilter } from './record.inputs';
import { argDocs } from '../graphql/arguments';

/** The fields every record type has, generated per type (type-graphql binds a field resolver to one object type). */
function recordFields<N extends RecordNode>(node: ClassType<N>) {
  @Resolver(() => node)
  abstract class RecordFields {
    @FieldResolver(() => AdminUnitNode, {
      description:
        'The commune the record belongs to: without `asOf`, the unit in force when it was recorded; with it, the commune of that date’s map whose territory holds it.',
    })
    unit(
      @Root() record: RecordNode,
      @Ctx() ctx: Context,
      @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
    ): AdminUnitNode | null {
      return asOf ? ctx.gazetteer.communeOfAtom(record.atomId, asOf) : ctx.gazetteer.byId(record.unitId);
    }
  }
  return RecordFields;
}

function locatedRecordFields<N extends RecordNode>(node: ClassType<N>) {
  @Resolver(() => node)
  abstract class LocatedRecordFields extends recordFields(node) {
    @FieldResolver(() => GeoJSONScalar, { nullable: true, description: 'Where it is, as GeoJSON (lon/lat), rounded to `precision` decimals.' })
    location(
      @Root() record: LocatedRecordNode,
      @Arg('precision', () => Int, { defaultValue: 6, description: 'Decimals per coordinate, 0–6 (6 ≈ 0.1 m).' }) precision: number,
    ): Geometry | null {
      if (!Number.isInteger(precision) || precision < 0 || precision > 6) throw userError('precision must be a whole number of decimals from 0 to 6.');
      return record.location ? roundGeometry(record.location, precision) : null;
    }
  }
  return LocatedRecordFields;
}

function roundGeometry(geometry: Geometry, precision: number): Geometry {
  const factor = 10 ** precision;
  const round = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(round) : typeof value === 'number' ? Math.round(value * factor) / factor : value;
  return geometry.type === 'GeometryCollection' ? geometry : ({ ...geometry, coordinates: round(geometry.coordinates) as Position } as Geometry);
}

/**
 * The collection query and common fields of one record type, generated from its
 * descriptor; `defineRecordType` extends it with the fields of the records a type names.
 */
export function recordResolver<N extends RecordNode, F extends RecordFilter>(kind: RecordKind<N, F>, Connection: ClassType<Connection<N>>) {
  const Base = kind.located ? locatedRecordFields(kind.node) : recordFields(kind.node);

  @Resolver(() => kind.node)
  abstract class CollectionResolver extends Base {
    @Query(() => Connection, { name: kind.queryName, description: kind.description })
    async collection(
      @Ctx() ctx: Context,
      @Arg('filter', () => kind.filter, { nullable: true, description: argDocs.filter }) filter?: F | null,
      @Arg('orderBy', () => [RecordOrder], { nullable: true, description: 'Default: DATE_DESC, or DISTANCE_ASC when filter.near is given.' })
      orderBy?: RecordOrder[] | null,
      @Arg('first', () => Int, { nullable: true, description: argDocs.first }) first?: number | null,
      @Arg('after', () => String, { nullable: true, description: argDocs.after }) after?: string | null,
      @Arg('last', () => Int, { nullable: true, description: argDocs.last }) last?: number | null,
      @Arg('before', () => String, { nullable: true, description: argDocs.before }) before?: string | null,
    ) {
      return listRecords(ctx, kind as unknown as RecordKind<N, RecordFilter>, filter, orderBy, { first, after, last, before });
    }
  }
  return CollectionResolver;
}
