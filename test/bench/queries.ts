import type { GraphQLRequest } from './load';

/** The hub, and the two PostGraphile majors it is compared with. */
export type Side = 'ours' | 'postgraphile4' | 'postgraphile5';
export const sides: readonly Side[] = ['ours', 'postgraphile4', 'postgraphile5'];

/** What a side's answer says: a few figures to print, and the same facts in one shape for every side where the shapes allow. */
export interface Reading {
  sample: string;
  /** Compared for equality (as JSON) with the other sides' when both have one. */
  comparable?: unknown;
}

export interface BenchQuery {
  id: string;
  title: string;
  requests: Record<Side, GraphQLRequest>;
  /** Exactly what is compared, and how the PostGraphile side differs. */
  compared: string;
  read: Record<Side, (data: any) => Reading>;
}

const point = { longitude: 106.139722, latitude: 20.601667 };
const radiusMetres = 2000;
const unit = { code: '12442', asOf: '2021-06-30' };
const district = { code: '336', year: 2021 };

// PostGraphile reads the unit versions in force on a date by filtering on their validity columns.
const inForce = (date: string) => `validFrom: { lessThanOrEqualTo: "${date}" }, or: [{ validTo: { greaterThan: "${date}" } }, { validTo: { isNull: true } }]`;
const inYear = (column: string, year: number) => `${column}: { greaterThanOrEqualTo: "${year}-01-01", lessThanOrEqualTo: "${year}-12-31" }`;
const sum = (nodes: any[], pick: (n: any) => number) => nodes.reduce((total, n) => total + pick(n), 0);
const sortedNames = (nodes: { name: string }[]) => nodes.map((n) => n.name).sort();
/** The same answer from both PostGraphile majors, where their queries differ only in names. */
const both = (request: GraphQLRequest, read: (data: any) => Reading) => ({
  requests: { postgraphile4: request, postgraphile5: request },
  read: { postgraphile4: read, postgraphile5: read },
});

/** The queries. `unitValidFrom` is `valid_from` of unit 12442's version in force on 2021-06-30. */
export function benchQueries(unitValidFrom: string): BenchQuery[] {
  const q1 = both(
    {
      query: `{ allAdminUnits(filter: { level: { equalTo: COMMUNE }, ${inForce('2021-06-30')} }) {
          nodes { code name
            placed: communityEducationCasesByUnitId(filter: { ${inYear('placedOn', 2021)} }) { totalCount }
            progressed: communityEducationCasesByUnitId(filter: { outcome: { equalTo: PROGRESSED }, ${inYear('releasedOn', 2021)} }) { totalCount } } } }`,
    },
    (d) => {
      const nodes = d.allAdminUnits.nodes;
      return {
        sample: `${nodes.length} communes, ${sum(nodes, (n) => n.placed.totalCount)} placed, ${sum(nodes, (n) => n.progressed.totalCount)} progressed`,
        comparable: nodes.map((n: any) => n.code).sort(),
      };
    },
  );
  const q3 = both(
    {
      query: `{ adminUnitByCodeAndValidFrom(code: "${unit.code}", validFrom: "${unitValidFrom}") { name
          commendationsByUnitId(first: 50) { totalCount nodes { recipientName form awardedOn } }
          securityModelsByUnitId(first: 50) { totalCount nodes { name kind exemplary } } } }`,
    },
    (d) => {
      const u = d.adminUnitByCodeAndValidFrom;
      return {
        sample: `${u.commendationsByUnitId.totalCount} commendations, ${u.securityModelsByUnitId.totalCount} models`,
        comparable: commune(u.name, u.commendationsByUnitId, u.securityModelsByUnitId),
      };
    },
  );
  const q4 = both(
    {
      query: `{ allAdminUnits(filter: { parentCode: { equalTo: "${district.code}" }, level: { equalTo: COMMUNE }, ${inForce(`${district.year}-06-30`)} }, orderBy: CODE_ASC) {
          nodes { code name
            placed: communityEducationCasesByUnitId(filter: { ${inYear('placedOn', district.year)} }) { totalCount }
            progressed: communityEducationCasesByUnitId(filter: { outcome: { equalTo: PROGRESSED }, ${inYear('releasedOn', district.year)} }) { totalCount }
            commendationsByUnitId(filter: { ${inYear('awardedOn', district.year)} }) { totalCount nodes { form recipientKind } } } } }`,
    },
    (d) => {
      const nodes = d.allAdminUnits.nodes;
      return {
        sample: `${nodes.length} communes, ${sum(nodes, (n) => n.placed.totalCount)} placed, ${sum(nodes, (n) => n.commendationsByUnitId.totalCount)} commendations`,
        comparable: nodes.map((n: any) => ({ code: n.code, commendations: countCommendations(n.commendationsByUnitId.nodes) })),
      };
    },
  );
  const q2Postgraphile = (idField: string, location: string) => ({
    query: `query ($circle: GeoJSON!) { allCameraSites(filter: { location: { intersects: $circle } }, first: 100) {
          totalCount nodes { ${idField} name location { ${location} } securityModelByModelId { name } } } }`,
    variables: { circle: circlePolygon(point.longitude, point.latitude, radiusMetres, 64) },
  });
  const q2Read = (d: any): Reading => ({ sample: `${d.allCameraSites.totalCount} sites`, comparable: sortedNames(d.allCameraSites.nodes) });
  return [
    {
      id: 'Q0',
      title: 'the floor: `{ __typename }`',
      requests: { ours: { query: '{ __typename }' }, postgraphile4: { query: '{ __typename }' }, postgraphile5: { query: '{ __typename }' } },
      compared: 'No field at all: what HTTP, parsing, validation and serialising cost on each server, the floor under every other figure.',
      read: Object.fromEntries(sides.map((side) => [side, (d: any) => ({ sample: d.__typename, comparable: d.__typename })])) as BenchQuery['read'],
    },
    {
      id: 'Q1',
      title: 'a metric for all communes of a year',
      requests: {
        ours: { query: `{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021) { unit { code name } value } }` },
        ...q1.requests,
      },
      compared:
        'PostGraphile has no metric API, and a rate cannot be computed there without adding an SQL function to the database (which the bench does not do). ' +
        'Measured instead: the nearest thing, the 260 communes in force on 2021-06-30 with their two counts through the unit_id foreign key ' +
        '(community-education cases placed in 2021; PROGRESSED cases released in 2021), leaving the division to the client. ' +
        'It counts only cases recorded against those very unit versions, while ours rolls cases along lineage by territory. ' +
        'Compared: the communes listed.',
      read: {
        ours: (d) => ({ sample: `${d.metricValues.length} values`, comparable: d.metricValues.map((v: any) => v.unit.code).sort() }),
        ...q1.read,
      },
    },
    {
      id: 'Q2',
      title: 'camera sites within 2 km of a point',
      requests: {
        ours: {
          query: `{ cameraSites(filter: { near: { longitude: ${point.longitude}, latitude: ${point.latitude}, withinMetres: ${radiusMetres} } }, orderBy: [DISTANCE_ASC], first: 100) { totalCount nodes { id name distanceMetres model { name } } } }`,
        },
        postgraphile4: q2Postgraphile('id', 'x y'),
        // In v5 `id` is the global node id (the column is `rowId`), and a point column is typed as the geometry interface.
        postgraphile5: q2Postgraphile('rowId', '... on GeometryPoint { x y }'),
      },
      compared:
        'The PostGIS filter plugins (v4: postgraphile-plugin-connection-filter-postgis 1.0.0-alpha.6; v5: graphile-postgis 3.18.2, whose withinDistance works in the ' +
        "column's units, degrees here) offer no geodesic distance, no distance ordering and no distance field. " +
        'PostGraphile side: `location: { intersects: <a 2 km circle> }` (ST_Intersects, GiST-indexed) with a 64-vertex polygon computed in JS ' +
        '(vertices on the geodesic circle, so edges fall up to about 2.4 m inside it); it returns the points (x, y) unordered by distance, ' +
        'leaving distance and sorting to the client. Ours: geodesic distance, ordered by it, distance in the answer. Compared: the names of the sites found.',
      read: {
        ours: (d) => ({ sample: `${d.cameraSites.totalCount} sites`, comparable: sortedNames(d.cameraSites.nodes) }),
        postgraphile4: q2Read,
        postgraphile5: q2Read,
      },
    },
    {
      id: 'Q3',
      title: "a commune's detail with nested commendations and models",
      requests: {
        ours: {
          query: `{ adminUnit(code: "${unit.code}", asOf: "${unit.asOf}") { name formerNames commendations(first: 50) { totalCount nodes { recipientName form awardedOn } } securityModels(first: 50) { totalCount nodes { name kind exemplary } } } }`,
        },
        ...q3.requests,
      },
      compared:
        `PostGraphile side: the admin_unit row by its key (code, valid_from = ${unitValidFrom}, looked up once before measuring, since PostGraphile cannot pick the version in force on a date by itself), ` +
        'with commendations and security models through the unit_id foreign key only. No formerNames (lineage is not in any column). ' +
        "Ours rolls records along lineage by territory (the unit's atoms), so its lists can hold records made against earlier or later versions of the place. " +
        'Compared: the name, and both lists as sorted sets (the orders differ: ours newest first, PostGraphile by key).',
      read: {
        ours: (d) => {
          const u = d.adminUnit;
          return {
            sample: `${u.commendations.totalCount} commendations, ${u.securityModels.totalCount} models`,
            comparable: commune(u.name, u.commendations, u.securityModels),
          };
        },
        ...q3.read,
      },
    },
    {
      id: 'Q4',
      title: "a district's communes, each with its rehabilitation and commendations for a year",
      requests: {
        ours: {
          query: `{ metricValues(metric: "commendations", level: COMMUNE, year: ${district.year}, unitCode: "${district.code}") { value unit { code name
            rehabilitation(year: ${district.year}) { placed progressed inEducation successRate suppressed }
            commendationSummary(year: ${district.year}) { total counts { form recipientKind count } } } } }`,
        },
        ...q4.requests,
      },
      compared:
        `The communes of district ${district.code} in force in mid-${district.year}, each with its community-education figures and its commendations of the year by form and recipient kind: a list of communes, each with a list of counts. ` +
        'Ours: the communes through metricValues (their commendations, as the map reads them), each with rehabilitation (placed, progressed, in education, rate, withheld below officer level where a count is small) ' +
        'and commendationSummary (counts by form and recipient kind). PostGraphile side: the communes by parent_code and validity, each with two case counts through the foreign key ' +
        "and the year's commendations as a list of (form, recipient kind), which the client counts; it has no rate nor anything withheld. " +
        'Compared: each commune with its commendation counts by form and recipient kind.',
      read: {
        ours: (d) => {
          const units = [...d.metricValues].sort((a: any, b: any) => a.unit.code.localeCompare(b.unit.code));
          return {
            sample: `${units.length} communes, ${sum(units, (v) => v.unit.commendationSummary.total)} commendations, ${units.filter((v) => v.unit.rehabilitation.suppressed).length} with figures withheld`,
            comparable: units.map((v: any) => ({
              code: v.unit.code,
              commendations: Object.fromEntries(
                v.unit.commendationSummary.counts
                  .map((c: any) => [`${c.form}/${c.recipientKind}`, c.count])
                  .sort(([a]: string[], [b]: string[]) => a.localeCompare(b)),
              ),
            })),
          };
        },
        ...q4.read,
      },
    },
  ];
}

/** A commune's detail as sorted sets, so two servers listing the same records in different orders agree. */
function commune(name: string, commendations: { totalCount: number; nodes: object[] }, models: { totalCount: number; nodes: object[] }) {
  const sorted = (nodes: object[]) => nodes.map((n) => JSON.stringify(n)).sort();
  return { name, commendations: [commendations.totalCount, sorted(commendations.nodes)], models: [models.totalCount, sorted(models.nodes)] };
}

/** Commendations counted by form and recipient kind, keys in order. */
function countCommendations(nodes: { form: string; recipientKind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of nodes) counts[`${n.form}/${n.recipientKind}`] = (counts[`${n.form}/${n.recipientKind}`] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
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
