import {
  LineageEventKind,
  type UnitKind,
  UnitLevel,
  divisions,
  levelOfKind,
  normaliseName,
  unitKindOfName,
  type MultiPolygon,
  type Point,
  type Polygon,
  type Position,
} from '@anbinh/shared';
import { readCsv, readJson } from './files';

/** A piece of territory: a 2008 commune polygon, or one of the two parts of Việt Hùng. */
export interface AtomSeed {
  id: string;
  name: string;
  geometry: MultiPolygon;
}

/** One version of a unit, with the atoms it is made of; `id` is its database id. */
export interface UnitSeed {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  kind: UnitKind;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  atomIds: string[];
  seatAtomId: string;
}

export interface LineageSeed {
  eventDate: string;
  kind: LineageEventKind;
  fromCode: string;
  fromName: string;
  toCode: string;
  toName: string;
  legalBasis: string;
  evidence: string;
}

export interface HeritageSeed {
  name: string;
  address: string;
  communeCode: string;
  coordinateSource: string;
  location: Point;
}

export interface GeographySeed {
  atoms: AtomSeed[];
  units: UnitSeed[];
  lineage: LineageSeed[];
  heritage: HeritageSeed[];
}

export const provinceCode = '34';
export const successorProvinceCode = '33';

/** Việt Hùng (Vũ Thư) was split on 2025-07-01 between Vạn Xuân (which kept its code) and Đại Đồng. */
export const splitAtoms = { source: '13219', keptBy: { code: '13219', atom: '13219.1' }, givenTo: { code: '11995', atom: '13219.2' } };

interface CommuneFeature {
  properties: { gso_code: string; name: string };
  geometry: Polygon | MultiPolygon;
}
interface HistoryRow {
  code: string;
  district_code: string;
  district_name: string;
  name_2019_12: string;
  name_2024_09: string;
  name_2025_03: string;
}
interface LineageRow {
  event_date: string;
  event_kind: string;
  from_code: string;
  from_name: string;
  to_code: string;
  to_name: string;
  legal_basis: string;
  evidence: string;
}
interface MergerRow {
  old_code: string;
  new_code: string;
  new_name: string;
}
interface UnitRow {
  code: string;
  name: string;
  type: string;
  district_code: string;
}

const [d2008, d2020, d2024, d2025] = divisions;

/**
 * Builds every version of every unit from the shipped files: the 286 polygons of
 * the 2008 division are the atoms; the 2020 and 2024 mergers and the 2025 reform
 * regroup them. Pure and deterministic: the same files give the same ids.
 */
export function buildGeography(): GeographySeed {
  const features = readJson<{ features: CommuneFeature[] }>('thai-binh-communes.geojson').features;
  const history = readCsv<HistoryRow>('thai-binh-units-history.csv');
  const lineageRows = readCsv<LineageRow>('thai-binh-lineage.csv');
  const merger = readCsv<MergerRow>('thai-binh-merger-2025.csv');
  const unitRows = readCsv<UnitRow>('thai-binh-units.csv');

  const atoms = buildAtoms(features, merger);
  const mergedInto = (date: string) =>
    new Map(lineageRows.filter((r) => r.event_date === date && r.event_kind === 'merge').map((r) => [r.from_code, r.to_code]));
  const merges2020 = mergedInto(d2020.validFrom);
  const merges2024 = mergedInto(d2024.validFrom);
  const historyByCode = new Map(history.map((r) => [r.code, r]));

  // Atom → commune code in each division.
  const code2008 = (atom: string) => atom.split('.')[0];
  const code2020 = (atom: string) => merges2020.get(code2008(atom)) ?? code2008(atom);
  const code2024 = (atom: string) => merges2024.get(code2020(atom)) ?? code2020(atom);
  const reform = new Map(merger.filter((r) => r.old_code !== splitAtoms.source).map((r) => [r.old_code, r]));
  const code2025 = (atom: string) => {
    if (atom === splitAtoms.keptBy.atom) return splitAtoms.keptBy.code;
    if (atom === splitAtoms.givenTo.atom) return splitAtoms.givenTo.code;
    return reform.get(code2024(atom))!.new_code;
  };
  const name2025 = new Map(merger.map((r) => [r.new_code, r.new_name]));

  const districtOf = (code: string) => historyByCode.get(code)!.district_code;
  const districtNames = new Map(unitRows.filter((r) => r.type !== 'Tỉnh' && !r.district_code).map((r) => [r.code, r.name]));
  const provinceName = unitRows.find((r) => r.code === provinceCode)!.name;

  interface Draft {
    code: string;
    name: string;
    parentCode: string | null;
    atomIds: string[];
    from: string;
    to: string | null;
  }
  const drafts: Draft[] = [];
  const communesOf = (division: typeof d2008, codeOf: (atom: string) => string, nameOf: (code: string) => string, parentOf: (code: string) => string) => {
    const groups = groupBy(
      atoms.map((a) => a.id),
      codeOf,
    );
    for (const [code, atomIds] of groups) {
      drafts.push({ code, name: nameOf(code), parentCode: parentOf(code), atomIds, from: division.validFrom, to: division.validTo });
    }
  };
  communesOf(d2008, code2008, (c) => historyByCode.get(c)!.name_2019_12, districtOf);
  communesOf(d2020, code2020, (c) => historyByCode.get(c)!.name_2024_09, districtOf);
  communesOf(d2024, code2024, (c) => historyByCode.get(c)!.name_2025_03, districtOf);
  communesOf(
    d2025,
    code2025,
    (c) => name2025.get(c)!,
    () => successorProvinceCode,
  );

  // Districts and the province keep their territory until the 2025 reform abolished districts.
  for (const [district, atomIds] of groupBy(
    atoms.map((a) => a.id),
    (a) => districtOf(code2008(a)),
  )) {
    drafts.push({ code: district, name: districtNames.get(district)!, parentCode: provinceCode, atomIds, from: d2008.validFrom, to: d2025.validFrom });
  }
  const allAtoms = atoms.map((a) => a.id);
  drafts.push({ code: provinceCode, name: provinceName, parentCode: null, atomIds: allAtoms, from: d2008.validFrom, to: d2025.validFrom });
  // Only the former Thái Bình part of the new Hưng Yên is in the hub's data.
  drafts.push({ code: successorProvinceCode, name: 'Tỉnh Hưng Yên', parentCode: null, atomIds: allAtoms, from: d2025.validFrom, to: null });

  const units = collapseVersions(drafts);
  const lineage: LineageSeed[] = lineageRows.map((r) => ({
    eventDate: r.event_date,
    kind: r.event_kind.toUpperCase() as LineageEventKind,
    fromCode: r.from_code,
    fromName: normaliseName(r.from_name),
    toCode: r.to_code,
    toName: normaliseName(r.to_name),
    legalBasis: r.legal_basis,
    evidence: r.evidence,
  }));
  lineage.push({
    eventDate: d2025.validFrom,
    kind: LineageEventKind.REFORM_2025,
    fromCode: provinceCode,
    fromName: provinceName,
    toCode: successorProvinceCode,
    toName: 'Tỉnh Hưng Yên',
    legalBasis: 'Nghị quyết 202/2025/QH15, effective 2025-07-01',
    evidence: 'NQ 202/2025/QH15 merges Thái Bình and Hưng Yên into Hưng Yên (code 33)',
  });

  const heritage = readJson<{ features: { properties: Record<string, string>; geometry: Point }[] }>('thai-binh-heritage-pois.geojson').features.map((f) => ({
    name: normaliseName(f.properties.name),
    address: normaliseName(f.properties.address),
    communeCode: f.properties.commune_gso_code,
    coordinateSource: f.properties.coord_source,
    location: f.geometry,
  }));
  return { atoms, units, lineage, heritage };
}

/** Consecutive drafts of one code with the same name, parent and territory become one version. */
function collapseVersions(drafts: { code: string; name: string; parentCode: string | null; atomIds: string[]; from: string; to: string | null }[]): UnitSeed[] {
  const sorted = [...drafts].sort((a, b) => a.code.localeCompare(b.code) || a.from.localeCompare(b.from));
  const out: Omit<UnitSeed, 'id'>[] = [];
  for (const d of sorted) {
    const name = normaliseName(d.name);
    const atomIds = [...d.atomIds].sort();
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.code === d.code &&
      prev.validTo === d.from &&
      prev.name === name &&
      prev.parentCode === d.parentCode &&
      prev.atomIds.join() === atomIds.join()
    ) {
      prev.validTo = d.to;
      continue;
    }
    const kind = unitKindOfName(name);
    const seatAtomId = atomIds.includes(d.code) ? d.code : d.code === splitAtoms.keptBy.code ? splitAtoms.keptBy.atom : atomIds[0];
    out.push({ code: d.code, name, level: levelOfKind(kind), kind, parentCode: d.parentCode, validFrom: d.from, validTo: d.to, atomIds, seatAtomId });
  }
  const levelOrder = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE];
  out.sort((a, b) => levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level) || a.validFrom.localeCompare(b.validFrom) || a.code.localeCompare(b.code));
  return out.map((u, i) => ({ id: i + 1, ...u }));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * The 286 polygons as atoms, with Việt Hùng cut in two. No published line
 * divides it, so the approximation is a straight cut through its centroid,
 * square to the direction of the rest of Vạn Xuân: the half facing Vạn Xuân
 * stays with it, the far half goes to Đại Đồng.
 */
function buildAtoms(features: CommuneFeature[], merger: MergerRow[]): AtomSeed[] {
  const atoms: AtomSeed[] = [];
  const byCode = new Map(features.map((f) => [f.properties.gso_code, f]));
  const split = byCode.get(splitAtoms.source)!;
  const splitPolygon = asMulti(split.geometry);
  const restOfVanXuan = merger
    .filter((r) => r.new_code === splitAtoms.keptBy.code && r.old_code !== splitAtoms.source)
    .map((r) => asMulti(byCode.get(r.old_code)!.geometry));
  const c = centroid([splitPolygon]);
  const r = centroid(restOfVanXuan);
  const towardsRest = [r[0] - c[0], r[1] - c[1]];
  for (const f of [...features].sort((a, b) => a.properties.gso_code.localeCompare(b.properties.gso_code))) {
    const name = normaliseName(f.properties.name);
    if (f === split) {
      atoms.push({ id: splitAtoms.keptBy.atom, name: `${name} (phần về Vạn Xuân)`, geometry: clipHalfPlane(splitPolygon, c, towardsRest) });
      atoms.push({
        id: splitAtoms.givenTo.atom,
        name: `${name} (phần về Đại Đồng)`,
        geometry: clipHalfPlane(splitPolygon, c, [-towardsRest[0], -towardsRest[1]]),
      });
    } else {
      atoms.push({ id: f.properties.gso_code, name, geometry: asMulti(f.geometry) });
    }
  }
  return atoms;
}

function asMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}

/** Area-weighted centroid of the outer rings (planar lon/lat is fine at commune scale). */
function centroid(shapes: MultiPolygon[]): [number, number] {
  let a = 0,
    x = 0,
    y = 0;
  for (const shape of shapes) {
    for (const [ring] of shape.coordinates) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0, y0] = ring[i],
          [x1, y1] = ring[i + 1];
        const cross = x0 * y1 - x1 * y0;
        a += cross;
        x += (x0 + x1) * cross;
        y += (y0 + y1) * cross;
      }
    }
  }
  return [x / (3 * a), y / (3 * a)];
}

/** Keeps the part of each ring on the side of `origin` that `normal` points to (Sutherland–Hodgman). */
function clipHalfPlane(shape: MultiPolygon, origin: [number, number], normal: number[]): MultiPolygon {
  const side = (p: Position) => (p[0] - origin[0]) * normal[0] + (p[1] - origin[1]) * normal[1];
  const clipRing = (ring: Position[]): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i < ring.length - 1; i++) {
      const p = ring[i],
        q = ring[i + 1],
        sp = side(p),
        sq = side(q);
      if (sp >= 0) out.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
    if (out.length) out.push(out[0]);
    return out;
  };
  const polygons = shape.coordinates.map((poly) => poly.map(clipRing).filter((ring) => ring.length >= 4)).filter((poly) => poly.length > 0);
  return { type: 'MultiPolygon', coordinates: polygons };
}
