import type { GraphQLRequest } from './load';

export interface BenchQuery {
  id: string;
  title: string;
  ours: GraphQLRequest;
  postgraphile: GraphQLRequest;
  /** Exactly what is compared, and how the PostGraphile side differs. */
  compared: string;
  /** A few figures from a sample answer, to show both sides answered the same question. */
  summarize: { ours(data: any): string; postgraphile(data: any): string };
}

const point = { longitude: 106.139722, latitude: 20.601667 };
const radiusMetres = 2000;
const unit = { code: '12442', asOf: '2021-06-30' };

/** The three queries. `unitValidFrom` is `valid_from` of unit 12442's version in force on 2021-06-30. */
export function benchQueries(unitValidFrom: string): BenchQuery[] {
  const sum = (nodes: any[], pick: (n: any) => number) => nodes.reduce((total, n) => total + pick(n), 0);
  return [
    {
      id: 'Q1',
      title: 'a metric for all communes of a year',
      ours: { query: `{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021) { unit { code name } value } }` },
      postgraphile: {
        query: `{ allAdminUnits(filter: { level: { equalTo: COMMUNE }, validFrom: { lessThanOrEqualTo: "2021-06-30" },
            or: [{ validTo: { greaterThan: "2021-06-30" } }, { validTo: { isNull: true } }] }) {
          nodes { code name
            placed: communityEducationCasesByUnitId(filter: { placedOn: { greaterThanOrEqualTo: "2021-01-01", lessThanOrEqualTo: "2021-12-31" } }) { totalCount }
            progressed: communityEducationCasesByUnitId(filter: { outcome: { equalTo: PROGRESSED }, releasedOn: { greaterThanOrEqualTo: "2021-01-01", lessThanOrEqualTo: "2021-12-31" } }) { totalCount } } } }`,
      },
      compared:
        'PostGraphile has no metric API, and a rate cannot be computed there without adding an SQL function to the database (which the bench does not do). ' +
        'Measured instead: the nearest thing, the 260 communes in force on 2021-06-30 with their two counts through the unit_id foreign key ' +
        '(community-education cases placed in 2021; PROGRESSED cases released in 2021), leaving the division to the client. ' +
        'It counts only cases recorded against those very unit versions, while ours rolls cases along lineage by territory.',
      summarize: {
        ours: (d) => `${d.metricValues.length} values`,
        postgraphile: (d) => {
          const nodes = d.allAdminUnits.nodes;
          return `${nodes.length} communes, ${sum(nodes, (n) => n.placed.totalCount)} placed, ${sum(nodes, (n) => n.progressed.totalCount)} progressed`;
        },
      },
    },
    {
      id: 'Q2',
      title: 'camera sites within 2 km of a point',
      ours: {
        query: `{ cameraSites(filter: { near: { longitude: ${point.longitude}, latitude: ${point.latitude}, withinMetres: ${radiusMetres} } }, orderBy: [DISTANCE_ASC], first: 100) { totalCount nodes { id name distanceMetres model { name } } } }`,
      },
      postgraphile: {
        query: `query ($circle: GeoJSON!) { allCameraSites(filter: { location: { intersects: $circle } }, first: 100) {
          totalCount nodes { id name location { x y } securityModelByModelId { name } } } }`,
        variables: { circle: circlePolygon(point.longitude, point.latitude, radiusMetres, 64) },
      },
      compared:
        'The PostGIS filter plugin (1.0.0-alpha.6) has no ST_DWithin operator nor distance ordering or field. ' +
        'PostGraphile side: `location: { intersects: <a 2 km circle> }` (ST_Intersects, GiST-indexed) with a 64-vertex polygon computed in JS ' +
        '(vertices on the geodesic circle, so edges fall up to about 2.4 m inside it); it returns the points (x, y) unordered by distance, ' +
        'leaving distance and sorting to the client. Ours: geodesic distance, ordered by it, distance in the answer.',
      summarize: {
        ours: (d) => `${d.cameraSites.totalCount} sites`,
        postgraphile: (d) => `${d.allCameraSites.totalCount} sites`,
      },
    },
    {
      id: 'Q3',
      title: "a commune's detail with nested commendations and models",
      ours: {
        query: `{ adminUnit(code: "${unit.code}", asOf: "${unit.asOf}") { name formerNames commendations(first: 50) { totalCount nodes { recipientName form awardedOn } } securityModels(first: 50) { totalCount nodes { name kind exemplary } } } }`,
      },
      postgraphile: {
        query: `{ adminUnitByCodeAndValidFrom(code: "${unit.code}", validFrom: "${unitValidFrom}") { name
          commendationsByUnitId(first: 50) { totalCount nodes { recipientName form awardedOn } }
          securityModelsByUnitId(first: 50) { totalCount nodes { name kind exemplary } } } }`,
      },
      compared:
        `PostGraphile side: the admin_unit row by its key (code, valid_from = ${unitValidFrom}, looked up once before measuring, since PostGraphile cannot pick the version in force on a date by itself), ` +
        'with commendations and security models through the unit_id foreign key only. No formerNames (lineage is not in any column). ' +
        "Ours rolls records along lineage by territory (the unit's atoms), so its lists can hold records made against earlier or later versions of the place.",
      summarize: {
        ours: (d) => `${d.adminUnit.commendations.totalCount} commendations, ${d.adminUnit.securityModels.totalCount} models`,
        postgraphile: (d) => {
          const u = d.adminUnitByCodeAndValidFrom;
          return `${u.commendationsByUnitId.totalCount} commendations, ${u.securityModelsByUnitId.totalCount} models`;
        },
      },
    },
  ];
}

/** A GeoJSON polygon approximating the circle of `radius` metres around a point: `vertices` points on it (spherical Earth). */
export function circlePolygon(longitude: number, latitude: number, radius: number, vertices: number) {
  const earthRadius = 6_371_008.8;
  const toRad = Math.PI / 180;
  const lat1 = latitude * toRad;
  const lon1 = longitude * toRad;
  const angular = radius / earthRadius;
  const ring: [number, number][] = [];
  for (let i = 0; i < vertices; i++) {
    const bearing = (2 * Math.PI * i) / vertices;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
    const lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1), Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([Number((lon2 / toRad).toFixed(7)), Number((lat2 / toRad).toFixed(7))]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] }; // @graphile/postgis gives it the column's SRID, 4326
}
