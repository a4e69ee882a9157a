import {
  exemplaryPlaces,
  CaseOutcome,
  CommendationForm,
  CommitmentTopic,
  IncidentCategory,
  MailboxHost,
  MeasureUnit,
  ModelHost,
  ModelKind,
  Organisation,
  OutreachKind,
  RecipientKind,
  SeizureItem,
  TipChannel,
  UnitKind,
  UnitLevel,
  divisionOn,
  divisions,
  seizureMeasure,
  unitKindPrefix,
  type Geometry,
  type Point,
} from '@anbinh/shared';
import type { GeographySeed, HeritageSeed, UnitSeed } from './geography';
import { areaKm2, randomPointIn } from './polygon';
import { Random, WeightedTable, apportion } from './random';
import { PatrolSchedule } from '../entities/patrol-route';

/**
 * The synthetic sample: individual records of the movement, generated
 * deterministically so that the province's 2021 totals equal the figures of the
 * provincial police's report (source-article.txt) and the places the report
 * holds up as examples carry the rehabilitation successes and commendations.
 * Other years follow gentle trends around 2021. Every row is marked `sample`.
 */

/** The record tables the sample fills, in the order that loads referenced rows first. */
export const factTables = [
  'security_model',
  'camera_site',
  'report_mailbox',
  'covid_team',
  'outreach_activity',
  'valuable_tip',
  'incident',
  'seizure',
  'community_education_case',
  'commendation',
  'household_commitment',
  'patrol_route',
] as const;
export type FactTable = (typeof factTables)[number];
export type SampleRow = Record<string, string | number | boolean | null | string[] | Geometry>;

export const sampleYears = [2019, 2020, 2021, 2022, 2023, 2024, 2025] as const;
const articleYear = 2021;
const lastDay = '2025-12-31';

/** 2008-division atoms of the communes the report names as exemplary in rehabilitation (Thái Hưng is Thái Thụy's, not Hưng Hà's 12649). */
export const exemplaryAtoms = exemplaryPlaces.map((p) => p.atom);

/** The two heritage-site models the report names, at the heritage points of these atoms. */
export const heritageModels = [
  {
    atomId: '12646',
    establishedOn: '2019-03-18',
    name: 'Mô hình tự quản bảo đảm an ninh trật tự tại di tích quốc gia đặc biệt Khu lăng mộ và đền thờ các vị vua triều Trần',
  },
  { atomId: '12616', establishedOn: '2019-04-26', name: 'Mô hình tự quản bảo đảm an ninh trật tự tại di tích lịch sử quốc gia đền Tiên La' },
] as const;

const dateColumn: Record<FactTable, string> = {
  security_model: 'established_on',
  camera_site: 'installed_on',
  report_mailbox: 'installed_on',
  covid_team: 'formed_on',
  outreach_activity: 'held_on',
  valuable_tip: 'received_on',
  incident: 'uncovered_on',
  seizure: 'seized_on',
  community_education_case: 'placed_on',
  commendation: 'awarded_on',
  household_commitment: 'year',
  patrol_route: 'started_on',
};

/** The date that decides a row's unit: its own date, or 30 June of the year for household commitments. */
export function factDate(table: FactTable, row: Record<string, unknown>): string {
  return table === 'household_commitment' ? `${row.year}-06-30` : String(row[dateColumn[table]]);
}

// ---------------------------------------------------------------------------
// Row shapes, keyed by the migration's column names.

type Fact = { id: number; unit_id: number; atom_id: string; sample: true };
type ModelRow = Fact & {
  name: string;
  kind: ModelKind;
  host: ModelHost;
  organisations: Organisation[];
  established_on: string;
  dissolved_on: string | null;
  exemplary: boolean;
  location: Point | null;
};
type CameraRow = Fact & { name: string; camera_count: number; model_id: number | null; installed_on: string; removed_on: string | null; location: Point };
type MailboxRow = Fact & { host: MailboxHost; installed_on: string; removed_on: string | null; location: Point };
type TeamRow = Fact & { name: string; members: number; formed_on: string; disbanded_on: string | null };
type OutreachRow = Fact & { kind: OutreachKind; held_on: string; quantity: number; attendance: number | null; topic: string };
type TipRow = Fact & { received_on: string; channel: TipChannel; mailbox_id: number | null };
type IncidentRow = Fact & { uncovered_on: string; category: IncidentCategory; tip_id: number | null };
type SeizureRow = Fact & { seized_on: string; item: SeizureItem; quantity: string; measure: MeasureUnit };
type CaseRow = Fact & { reference: string; placed_on: string; released_on: string | null; outcome: CaseOutcome | null };
type CommendationRow = Fact & {
  recipient_kind: RecipientKind;
  recipient_name: string;
  awarding_body: string;
  form: CommendationForm;
  awarded_on: string;
  reason: string;
  model_id: number | null;
};
type CommitmentRow = Fact & { year: number; topic: CommitmentTopic; households: number; committed: number };

/** Where a fact is recorded: the unit in force on its date and one of that unit's atoms. */
interface Place {
  unit: UnitSeed;
  atomId: string;
}

/** The id is set once the table is complete (see `numbered`). */
const fact = (place: Place): Fact => ({ id: 0, unit_id: place.unit.id, atom_id: place.atomId, sample: true });

// ---------------------------------------------------------------------------
// The plan: the article's 2021 figures and the shape of the other years (relative to 2021).

type Trend = readonly [number, number, number, number, number, number, number];

const tipsPlan = { in2021: 978, trend: [0.86, 0.92, 1, 1.05, 1.09, 1.12, 1.1] as Trend };
const incidentsPlan = { in2021: 412, trend: [0.9, 0.95, 1, 1.04, 1.08, 1.1, 1.07] as Trend };
const placementsPlan = { in2021: 1689, trend: [0.95, 0.97, 1, 1.02, 0.98, 0.96, 0.93] as Trend };
const progressedPlan = { in2021: 462, trend: [0.82, 0.92, 1, 1.04, 1.06, 1.05, 1.02] as Trend };
/** No 2021 figure in the report: about 230 commendations a year. */
const commendationsPlan = { in2021: 230, trend: [0.78, 0.85, 1, 1.05, 0.98, 0.95, 0.9] as Trend };

const attendancePlan = { in2021: 56_634, trend: [1.05, 0.78, 1, 1.1, 1.13, 1.1, 1.05] as Trend };
/** Outreach: sessions count one per row (with an attendance); the others come in batches of about `meanLot`. */
const outreachPlan: { kind: OutreachKind; in2021: number; trend: Trend; meanLot: number; min: number }[] = [
  { kind: OutreachKind.SESSION, in2021: 196, trend: [1.02, 0.8, 1, 1.08, 1.12, 1.1, 1.06], meanLot: 1, min: 1 },
  { kind: OutreachKind.POSTERS_AND_BANNERS, in2021: 487, trend: [0.95, 0.9, 1, 1.05, 1.1, 1.08, 1.02], meanLot: 2, min: 1 },
  { kind: OutreachKind.LEAFLETS, in2021: 100_350, trend: [0.9, 1.05, 1, 0.95, 0.9, 0.88, 0.85], meanLot: 250, min: 50 },
  { kind: OutreachKind.MEDIA_REPORT, in2021: 153, trend: [0.85, 0.95, 1, 1.08, 1.15, 1.2, 1.22], meanLot: 1.2, min: 1 },
];

/** Seizures in their counting unit; kilograms are planned in grams so the sums stay exact. */
const seizureTrend: Trend = [0.88, 0.94, 1, 1.06, 0.97, 0.92, 0.86];
const tetMonths = [5, 4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 1, 3];
const seizurePlan: { item: SeizureItem; in2021: number; meanLot: number; min: number; months?: number[] }[] = [
  { item: SeizureItem.GUN, in2021: 73, meanLot: 1.6, min: 1 },
  { item: SeizureItem.AMMUNITION, in2021: 1225, meanLot: 30, min: 1 },
  { item: SeizureItem.EXPLOSIVE_ORDNANCE, in2021: 29, meanLot: 1.5, min: 1 },
  { item: SeizureItem.EXPLOSIVES, in2021: 1570, meanLot: 250, min: 20 },
  { item: SeizureItem.DETONATOR, in2021: 93, meanLot: 6, min: 1 },
  { item: SeizureItem.SUPPORT_TOOL, in2021: 21, meanLot: 1.3, min: 1 },
  { item: SeizureItem.PRIMITIVE_WEAPON, in2021: 338, meanLot: 2, min: 1 },
  { item: SeizureItem.FIRECRACKERS, in2021: 69_150, meanLot: 1500, min: 100, months: tetMonths },
  { item: SeizureItem.FIRECRACKER_POWDER, in2021: 950, meanLot: 160, min: 20, months: tetMonths },
];

interface Window {
  from: string;
  to: string;
  count: number;
}
interface StockPlan {
  activeIn2021: number;
  base?: { from: string; to: string };
  added: Window[];
  removed: Window[];
}
const perYear = (counts: Record<number, number>): Window[] =>
  Object.entries(counts).map(([year, count]) => ({ from: `${year}-01-01`, to: `${year}-12-31`, count }));

/** Models persist: the stock found when the sample begins is dated in its first half-year; some are added and a few dissolved each year (more at the 2020 and 2025 reorganisations). */
const modelPlan: StockPlan = {
  activeIn2021: 1447,
  base: { from: '2019-01-01', to: '2019-06-30' },
  added: perYear({ 2019: 70, 2020: 85, 2021: 95, 2022: 80, 2023: 70, 2024: 60, 2025: 50 }),
  removed: perYear({ 2019: 25, 2020: 40, 2021: 30, 2022: 35, 2023: 30, 2024: 30, 2025: 45 }),
};
const mailboxPlan: StockPlan = {
  activeIn2021: 729,
  base: { from: '2019-01-01', to: '2019-06-30' },
  added: perYear({ 2019: 25, 2020: 30, 2021: 35, 2022: 25, 2023: 20, 2024: 18, 2025: 15 }),
  removed: perYear({ 2019: 8, 2020: 22, 2021: 12, 2022: 14, 2023: 15, 2024: 16, 2025: 28 }),
};
/** Community COVID-19 teams: formed from March 2020, a few more in the 2022 wave, disbanded mostly in 2022–2023. */
const covidTeamPlan: StockPlan = {
  activeIn2021: 1929,
  added: [
    { from: '2020-03-15', to: '2020-12-31', count: 1450 },
    { from: '2021-01-01', to: '2021-12-31', count: 479 },
    { from: '2022-01-01', to: '2022-03-31', count: 60 },
  ],
  removed: [
    { from: '2021-06-01', to: '2021-12-31', count: 30 },
    { from: '2022-04-01', to: '2022-12-31', count: 950 },
    { from: '2023-01-01', to: '2023-12-31', count: 900 },
    { from: '2024-01-01', to: '2024-06-30', count: 109 },
  ],
};

/** Camera-surveillance models set up per year, one per commune; two are placed where the report's readers would look. */
const cameraModelsPerYear: Record<number, number> = { 2019: 46, 2020: 44, 2021: 38, 2022: 18, 2023: 12 };
const namedCameraModels = [
  { atomId: '12646', establishedOn: '2019-05-10' },
  { atomId: '12442', establishedOn: '2019-02-20' },
];

// ---------------------------------------------------------------------------
// Vocabulary for names.

interface NameContext {
  village: string;
  commune: string;
  bare: string;
}
interface ModelTemplate {
  kind: ModelKind;
  /** 'village' models sit in a thôn or tổ dân phố and have a point; the others belong to the whole commune. */
  host: ModelHost | 'village';
  weight: number;
  name: (at: NameContext) => string;
  /** The first is the lead: always the police or the Fatherland Front. */
  organisations: Organisation[];
}
const { POLICE, FATHERLAND_FRONT, WOMEN_UNION, YOUTH_UNION, FARMERS_UNION, VETERANS_ASSOCIATION, ELDERLY_ASSOCIATION, MILITIA } = Organisation;
const modelTemplates: ModelTemplate[] = [
  {
    kind: ModelKind.SELF_MANAGED_RESIDENTIAL_AREA,
    host: 'village',
    weight: 24,
    name: (a) => `Mô hình “Khu dân cư tự quản về an ninh trật tự” ${a.village}`,
    organisations: [FATHERLAND_FRONT, POLICE, ELDERLY_ASSOCIATION, VETERANS_ASSOCIATION, FARMERS_UNION],
  },
  {
    kind: ModelKind.SECURITY_PATROL,
    host: 'village',
    weight: 22,
    name: (a) => `Tổ tự quản an ninh trật tự ${a.village}`,
    organisations: [POLICE, MILITIA, VETERANS_ASSOCIATION, YOUTH_UNION],
  },
  {
    kind: ModelKind.SECURITY_PATROL,
    host: 'village',
    weight: 8,
    name: (a) => `Tổ thanh niên xung kích tuần tra ${a.village}`,
    organisations: [POLICE, YOUTH_UNION, MILITIA],
  },
  {
    kind: ModelKind.FIRE_SAFETY,
    host: 'village',
    weight: 8,
    name: (a) => `Tổ liên gia an toàn phòng cháy, chữa cháy ${a.village}`,
    organisations: [POLICE, FATHERLAND_FRONT, WOMEN_UNION, MILITIA],
  },
  {
    kind: ModelKind.CONFLICT_MEDIATION,
    host: 'village',
    weight: 8,
    name: (a) => `Tổ hòa giải cơ sở ${a.village}`,
    organisations: [FATHERLAND_FRONT, ELDERLY_ASSOCIATION, WOMEN_UNION, FARMERS_UNION, VETERANS_ASSOCIATION],
  },
  {
    kind: ModelKind.TRAFFIC_SAFETY,
    host: 'village',
    weight: 5,
    name: (a) => `Mô hình “Đoạn đường tự quản về trật tự an toàn giao thông” ${a.village}`,
    organisations: [POLICE, YOUTH_UNION, WOMEN_UNION],
  },
  {
    kind: ModelKind.DRUG_PREVENTION,
    host: ModelHost.COMMUNE,
    weight: 4,
    name: (a) => `Câu lạc bộ phòng, chống ma túy ${a.commune}`,
    organisations: [POLICE, YOUTH_UNION, WOMEN_UNION, VETERANS_ASSOCIATION],
  },
  {
    kind: ModelKind.REINTEGRATION_SUPPORT,
    host: ModelHost.COMMUNE,
    weight: 3,
    name: (a) => `Mô hình “Giúp người lầm lỗi tái hòa nhập cộng đồng” ${a.commune}`,
    organisations: [FATHERLAND_FRONT, POLICE, WOMEN_UNION, VETERANS_ASSOCIATION],
  },
  {
    kind: ModelKind.SAFE_SCHOOL,
    host: ModelHost.SCHOOL,
    weight: 3,
    name: (a) => `Mô hình “Trường học an toàn về an ninh trật tự” Trường THCS ${a.bare}`,
    organisations: [POLICE, YOUTH_UNION],
  },
  {
    kind: ModelKind.TRAFFIC_SAFETY,
    host: ModelHost.SCHOOL,
    weight: 2,
    name: (a) => `Mô hình “Cổng trường an toàn giao thông” Trường Tiểu học ${a.bare}`,
    organisations: [POLICE, YOUTH_UNION, WOMEN_UNION],
  },
  {
    kind: ModelKind.SAFE_ENTERPRISE,
    host: ModelHost.ENTERPRISE,
    weight: 2,
    name: (a) => `Mô hình “Doanh nghiệp an toàn về an ninh trật tự” ${a.commune}`,
    organisations: [POLICE, YOUTH_UNION, WOMEN_UNION],
  },
  {
    kind: ModelKind.SECURITY_PATROL,
    host: ModelHost.AGENCY,
    weight: 2,
    name: (a) => `Mô hình “Cơ quan an toàn về an ninh trật tự” UBND ${a.commune}`,
    organisations: [POLICE, FATHERLAND_FRONT, YOUTH_UNION],
  },
];
const villageTemplates = modelTemplates.filter((m) => m.host === 'village');
const reintegrationTemplate = modelTemplates.find((m) => m.kind === ModelKind.REINTEGRATION_SUPPORT)!;

const cameraSpots: ((village: string) => string)[] = [
  (v) => `Camera ngã tư ${v}`,
  (v) => `Camera ngã ba ${v}`,
  (v) => `Camera đầu ${v}`,
  (v) => `Camera cuối ${v}`,
  (v) => `Camera nhà văn hóa ${v}`,
  (v) => `Camera đường trục ${v}`,
  () => 'Camera cổng chợ',
  () => 'Camera cổng trường Tiểu học',
  () => 'Camera cổng trường THCS',
  () => 'Camera trụ sở UBND',
  () => 'Camera cầu qua sông',
  () => 'Camera ngã ba đường liên xã',
];
const tranTempleCameras = ['Camera cổng đền Trần', 'Camera khu lăng mộ các vua Trần', 'Camera bãi đỗ xe khu di tích đền Trần'];

const mailboxHosts = [
  { host: MailboxHost.POLICE_STATION, weight: 15 },
  { host: MailboxHost.VILLAGE_HALL, weight: 40 },
  { host: MailboxHost.SCHOOL, weight: 20 },
  { host: MailboxHost.MARKET, weight: 15 },
  { host: MailboxHost.ENTERPRISE, weight: 10 },
];

const outreachTopics: { topic: string; weight: number; from?: number; to?: number }[] = [
  { topic: 'Luật Phòng, chống ma túy', weight: 4 },
  { topic: 'Luật Phòng cháy, chữa cháy', weight: 4 },
  { topic: 'Luật Giao thông đường bộ', weight: 4, to: 2024 },
  { topic: 'Luật Trật tự, an toàn giao thông đường bộ', weight: 4, from: 2025 },
  { topic: 'Phòng, chống dịch Covid-19', weight: 5, from: 2020, to: 2022 },
  { topic: 'Phòng ngừa thủ đoạn lừa đảo qua mạng', weight: 3, from: 2020 },
  { topic: 'Luật Cư trú', weight: 1, from: 2021, to: 2022 },
  { topic: 'Luật Căn cước', weight: 2, from: 2024 },
  { topic: 'Vận động giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ', weight: 2 },
  { topic: 'Phòng, chống mua bán người', weight: 1 },
  { topic: 'Phòng, chống tín dụng đen', weight: 1, from: 2020 },
  { topic: 'Phòng, chống pháo nổ dịp Tết Nguyên đán', weight: 2 },
  { topic: 'Phong trào toàn dân bảo vệ an ninh Tổ quốc', weight: 3 },
];

const tipChannels = [
  { channel: TipChannel.MAILBOX, weight: 18 },
  { channel: TipChannel.HOTLINE, weight: 27 },
  { channel: TipChannel.IN_PERSON, weight: 35 },
  { channel: TipChannel.SELF_MANAGEMENT_MODEL, weight: 20 },
];
/** Weights by category; online fraud grows over the years. */
const incidentCategories = (year: number): { category: IncidentCategory; weight: number }[] => [
  { category: IncidentCategory.DRUGS, weight: 18 },
  { category: IncidentCategory.THEFT, weight: 22 },
  { category: IncidentCategory.GAMBLING, weight: 15 },
  { category: IncidentCategory.ASSAULT, weight: 10 },
  { category: IncidentCategory.FRAUD, weight: 5 + 2 * (year - 2019) },
  { category: IncidentCategory.WEAPONS_AND_EXPLOSIVES, weight: 7 },
  { category: IncidentCategory.PUBLIC_ORDER, weight: 12 },
  { category: IncidentCategory.OTHER, weight: 8 },
];

/** Awarding bodies and the forms each gives; districts were abolished on 2025-07-01, and the province became Hưng Yên. */
interface BodyContext {
  province: string;
  district?: UnitSeed;
}
const awardingBodies: { weight: number; name: (c: BodyContext) => string | undefined; forms: CommendationForm[] }[] = [
  { weight: 2, name: () => 'Bộ Công an', forms: [CommendationForm.MINISTRY_CERTIFICATE] },
  { weight: 8, name: (c) => `UBND tỉnh ${c.province}`, forms: [CommendationForm.PROVINCE_CERTIFICATE] },
  { weight: 30, name: (c) => `Công an tỉnh ${c.province}`, forms: [CommendationForm.POLICE_DIRECTOR_CERTIFICATE, CommendationForm.LETTER_OF_COMMENDATION] },
  {
    weight: 8,
    name: (c) => `Ủy ban MTTQ Việt Nam tỉnh ${c.province}`,
    forms: [CommendationForm.PROVINCE_CERTIFICATE, CommendationForm.LETTER_OF_COMMENDATION],
  },
  { weight: 40, name: (c) => c.district && `UBND ${inlineName(c.district)}`, forms: [CommendationForm.DISTRICT_CERTIFICATE] },
];
const collectiveRecipients: ((at: NameContext) => string)[] = [
  (a) => `Công an ${a.commune}`,
  (a) => `Ủy ban MTTQ Việt Nam ${a.commune}`,
  (a) => `Ban Công tác Mặt trận ${a.village}`,
  (a) => `Hội Liên hiệp Phụ nữ ${a.commune}`,
  (a) => `Đoàn Thanh niên Cộng sản Hồ Chí Minh ${a.commune}`,
  (a) => `Hội Cựu chiến binh ${a.commune}`,
];
/** Individual recipients are obvious placeholders ("Ông Nguyễn Văn A"), never realistic names. */
const placeholderFamilies = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô'];
const placeholderLetters = ['A', 'B', 'C', 'D', 'E', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'Q', 'S', 'T', 'V', 'X', 'Y'];
const placeholderName = (rng: Random) =>
  rng.chance(0.6)
    ? `Ông ${rng.pick(placeholderFamilies)} Văn ${rng.pick(placeholderLetters)}`
    : `Bà ${rng.pick(placeholderFamilies)} Thị ${rng.pick(placeholderLetters)}`;

const generalReasons: { text: (year: number) => string; weight: number; from?: number; to?: number }[] = [
  { text: (y) => `Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm ${y}`, weight: 5 },
  { text: () => 'Có thành tích trong xây dựng, nhân rộng mô hình tự phòng, tự quản, tự bảo vệ', weight: 3 },
  { text: () => 'Có thành tích trong phát hiện, tố giác tội phạm', weight: 3 },
  { text: () => 'Có thành tích trong tuyên truyền, vận động nhân dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ', weight: 2 },
  { text: () => 'Có thành tích xuất sắc trong công tác cảm hóa, giáo dục người lầm lỗi tại cộng đồng', weight: 2 },
  { text: () => 'Có thành tích trong công tác phòng, chống dịch Covid-19', weight: 4, from: 2020, to: 2022 },
];
const rehabilitationReasons = [
  'Có thành tích xuất sắc trong công tác cảm hóa, giáo dục người lầm lỗi tại cộng đồng',
  'Có thành tích xuất sắc trong công tác quản lý, giáo dục, giúp đỡ người lầm lỗi tái hòa nhập cộng đồng',
  'Điển hình tiên tiến trong phong trào toàn dân bảo vệ an ninh Tổ quốc, cảm hóa, giáo dục người lầm lỗi tại cộng đồng',
];
/** Most awards come at the year-end reviews and on the movement's day (19 August). */
const awardMonths = [3, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 2.5, 0.5, 0.5, 1, 3];

const inYears = (year: number) => (entry: { from?: number; to?: number }) => (entry.from ?? 0) <= year && year <= (entry.to ?? 9999);
const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);
/** "xã Thụy Văn", "phường Kỳ Bá", "huyện Hưng Hà": a unit's name as written inside a sentence. */
const inlineName = (unit: UnitSeed) => lowerFirst(unit.name);
const bareName = (unit: UnitSeed) => unit.name.slice(unitKindPrefix[unit.kind].length + 1);

// ---------------------------------------------------------------------------
// Dates, as ISO strings; day arithmetic in UTC days.

const dayMs = 86_400_000;
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / dayMs;
const isoDate = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => isoDate(dayNumber(iso) + days);
const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);
const randomDate = (rng: Random, from: string, to: string) => isoDate(rng.int(dayNumber(from), dayNumber(to)));
const activeOn = (from: string, to: string | null, date: string) => from <= date && (to === null || date < to);

/** A date in the year, optionally weighted by month. */
function dateInYear(rng: Random, year: number, months?: readonly number[]): string {
  if (!months) return randomDate(rng, `${year}-01-01`, `${year}-12-31`);
  const month = rng.weighted(
    months.map((_, i) => i),
    (i) => months[i],
  );
  const first = isoDate(Date.UTC(year, month, 1) / dayMs);
  return randomDate(rng, first, isoDate(Date.UTC(year, month + 1, 1) / dayMs - 1));
}

/** A year's figures: the article's in 2021, the others following the trend with a little noise. */
function yearly(rng: Random, plan: { in2021: number; trend: Trend }): Map<number, number> {
  return new Map(sampleYears.map((year, i) => [year, year === articleYear ? plan.in2021 : Math.round(plan.in2021 * plan.trend[i] * rng.between(0.97, 1.03))]));
}

/** A year's total split into dated lots (batches of leaflets, seizures). */
function lots(rng: Random, year: number, total: number, meanLot: number, min: number, months?: readonly number[]) {
  const count = Math.max(1, Math.min(Math.floor(total / min), Math.round(total / meanLot)));
  return rng.partition(total, count, min).map((quantity) => ({ date: dateInYear(rng, year, months), quantity }));
}

/** A random item that `ok` accepts: blind draws first (most items qualify), then an exhaustive filter. */
function pickWhere<T>(rng: Random, items: readonly T[], ok: (item: T) => boolean): T {
  for (let attempt = 0; attempt < 20; attempt++) {
    const item = rng.pick(items);
    if (ok(item)) return item;
  }
  const all = items.filter(ok);
  if (all.length === 0) throw new Error('No item qualifies');
  return rng.pick(all);
}

// ---------------------------------------------------------------------------
// Territory: which unit is in force where and when, and how big each place is.

interface Village {
  label: string;
  atomId: string;
}

class Territory {
  readonly atomIds: string[];
  private readonly atoms: Map<string, GeographySeed['atoms'][number]>;
  private readonly atomTable: WeightedTable<string>;
  private readonly atomWeight = new Map<string, number>();
  private readonly villageCount = new Map<string, number>();
  private readonly units: Map<number, UnitSeed>;
  /** Division id → atom → the commune it belongs to in that division. */
  private readonly communeOf = new Map<string, Map<string, UnitSeed>>();
  private readonly districts: Map<string, UnitSeed>;
  private readonly villageCache = new Map<number, Village[]>();

  constructor(private readonly geo: GeographySeed) {
    this.atoms = new Map(geo.atoms.map((a) => [a.id, a]));
    this.atomIds = geo.atoms.map((a) => a.id);
    const areas = new Map(geo.atoms.map((a) => [a.id, areaKm2(a.geometry)]));
    const meanArea = [...areas.values()].reduce((a, b) => a + b, 0) / areas.size;
    // Size mixes a count (2008 communes had similar populations) with area.
    for (const [id, area] of areas) {
      this.atomWeight.set(id, 0.5 + (0.5 * area) / meanArea);
      this.villageCount.set(id, Math.max(4, Math.min(16, Math.round(4 + (5 * area) / meanArea))));
    }
    this.atomTable = new WeightedTable(this.atomIds, (id) => this.atomWeight.get(id)!);
    this.units = new Map(geo.units.map((u) => [u.id, u]));
    for (const d of divisions) {
      const inForce = geo.units.filter((u) => u.level === UnitLevel.COMMUNE && activeOn(u.validFrom, u.validTo, d.validFrom));
      this.communeOf.set(d.id, new Map(inForce.flatMap((u) => u.atomIds.map((a) => [a, u] as const))));
    }
    this.districts = new Map(geo.units.filter((u) => u.level === UnitLevel.DISTRICT).map((u) => [u.code, u]));
  }

  unit(id: number): UnitSeed {
    return this.units.get(id)!;
  }

  unitOn(atomId: string, date: string): UnitSeed {
    const division = divisionOn(date);
    const unit = division && this.communeOf.get(division.id)!.get(atomId);
    if (!unit) throw new Error(`No commune holds atom ${atomId} on ${date}`);
    return unit;
  }

  /** The fact recorded at this atom: against the unit in force there on the date. */
  at(atomId: string, date: string): Place {
    return { unit: this.unitOn(atomId, date), atomId };
  }

  seat(unit: UnitSeed): Place {
    return { unit, atomId: unit.seatAtomId };
  }

  communesOn(date: string): UnitSeed[] {
    return [...new Set(this.communeOf.get(divisionOn(date)!.id)!.values())];
  }

  weight(unit: UnitSeed): number {
    return unit.atomIds.reduce((sum, a) => sum + this.atomWeight.get(a)!, 0);
  }

  /** A commune in force on the date, drawn in proportion to its size (optionally only those `accept` allows). */
  randomUnit(rng: Random, date: string, accept: (unit: UnitSeed) => boolean = () => true): UnitSeed {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const unit = this.unitOn(this.atomTable.pick(rng), date);
      if (accept(unit)) return unit;
    }
    throw new Error(`No acceptable commune on ${date}`);
  }

  /** For facts without a point: a random commune's seat. */
  randomSeat(rng: Random, date: string, accept?: (unit: UnitSeed) => boolean): Place {
    return this.seat(this.randomUnit(rng, date, accept));
  }

  /** The unit's thôn (or tổ dân phố in wards and townships), numbered from the seat's; each lies in one atom. */
  villages(unit: UnitSeed): Village[] {
    let list = this.villageCache.get(unit.id);
    if (!list) {
      const word = unit.kind === UnitKind.COMMUNE ? 'thôn' : 'tổ dân phố';
      const atoms = [unit.seatAtomId, ...unit.atomIds.filter((a) => a !== unit.seatAtomId)];
      let n = 0;
      list = atoms.flatMap((atomId) => Array.from({ length: this.villageCount.get(atomId)! }, () => ({ label: `${word} ${++n}`, atomId })));
      this.villageCache.set(unit.id, list);
    }
    return list;
  }

  names(unit: UnitSeed, village = ''): NameContext {
    return { village, commune: inlineName(unit), bare: bareName(unit) };
  }

  district(unit: UnitSeed): UnitSeed | undefined {
    return unit.parentCode === null ? undefined : this.districts.get(unit.parentCode);
  }

  point(rng: Random, atomId: string, near?: Point): Point {
    const shape = this.atoms.get(atomId)!.geometry;
    return { type: 'Point', coordinates: randomPointIn(shape, rng, near && { at: near.coordinates, radius: 0.003 }) };
  }

  heritageIn(atomId: string): HeritageSeed {
    return this.geo.heritage.find((h) => h.communeCode === atomId)!;
  }
}

// ---------------------------------------------------------------------------
// Stocks: items with a lifespan (models, mailboxes, teams).

interface Span {
  from: string;
  to: string | null;
}
const activeIn = (span: Span, year: number) => span.from <= `${year}-12-31` && (span.to === null || span.to >= `${year}-01-01`);

/**
 * Lifespans of a stock's ordinary items: a base (the stock found when the sample
 * begins), items added in each window, and removals drawn among the items then
 * open. The base is sized so that, with the `fixed` items (never removed),
 * exactly `activeIn2021` items are active during 2021.
 */
function stockSpans(rng: Random, plan: StockPlan, fixed: Span[]): Span[] {
  const dates = (w: Window) => Array.from({ length: w.count }, () => randomDate(rng, w.from, w.to));
  const added: Span[] = plan.added.flatMap(dates).map((from) => ({ from, to: null }));
  const removals = plan.removed.flatMap(dates).sort();
  const baseCount =
    plan.activeIn2021 -
    fixed.filter((s) => activeIn(s, articleYear)).length -
    added.filter((s) => s.from <= `${articleYear}-12-31`).length +
    removals.filter((d) => d < `${articleYear}-01-01`).length;
  if (baseCount < 0 || (baseCount > 0 && !plan.base)) throw new Error(`The stock plan cannot reach ${plan.activeIn2021} active in ${articleYear}`);
  const base = plan.base;
  const spans: Span[] = [...Array.from({ length: baseCount }, () => ({ from: randomDate(rng, base!.from, base!.to), to: null })), ...added];
  // Open spans by start date: those open on a removal date are a prefix.
  const open = [...spans].sort((a, b) => a.from.localeCompare(b.from));
  for (const date of removals) {
    const eligible = open.findIndex((s) => s.from >= date);
    const count = eligible === -1 ? open.length : eligible;
    if (count === 0) throw new Error(`Nothing to remove on ${date}`);
    open.splice(rng.int(0, count - 1), 1)[0].to = date;
  }
  return spans;
}

// ---------------------------------------------------------------------------
// The tables.

function buildModels(rng: Random, t: Territory): ModelRow[] {
  const rows: ModelRow[] = [];
  const taken = new Map<number, Set<string>>();
  const isNew = (place: Place, name: string) => !taken.get(place.unit.id)?.has(name);
  const add = (place: Place, fields: Omit<ModelRow, keyof Fact>) => {
    taken.set(place.unit.id, (taken.get(place.unit.id) ?? new Set()).add(fields.name));
    rows.push({ ...fact(place), ...fields });
  };
  const organisations = (lead: Organisation, others: Organisation[]) => {
    const chosen = new Set([lead, ...rng.sample(others, rng.int(0, Math.min(3, others.length)))]);
    return Object.values(Organisation).filter((o) => chosen.has(o));
  };
  const modelFields = (unit: UnitSeed, template: ModelTemplate, name: string, span: Span, location: Point | null, exemplary: boolean) => ({
    name,
    kind: template.kind,
    host: template.host !== 'village' ? template.host : unit.kind === UnitKind.COMMUNE ? ModelHost.VILLAGE : ModelHost.RESIDENTIAL_GROUP,
    organisations: organisations(template.organisations[0], template.organisations.slice(1)),
    established_on: span.from,
    dissolved_on: span.to,
    exemplary,
    location,
  });

  /** A model of a random template in the unit, with a name not yet used there. */
  const addModel = (unit: UnitSeed, span: Span, templates: ModelTemplate[], villages: Village[]) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const template = rng.weighted(templates, (m) => m.weight);
      const village = rng.pick(villages);
      const place = template.host === 'village' ? { unit, atomId: village.atomId } : t.seat(unit);
      const name = template.name(t.names(unit, village.label));
      if (!isNew(place, name)) continue;
      const location = template.host === 'village' ? t.point(rng, place.atomId) : null;
      add(place, modelFields(unit, template, name, span, location, rng.chance(0.04)));
      return;
    }
    throw new Error(`No free model name left in ${unit.name}`);
  };

  for (const h of heritageModels) {
    const place = t.at(h.atomId, h.establishedOn);
    add(place, {
      name: h.name,
      kind: ModelKind.HERITAGE_SITE_SELF_MANAGEMENT,
      host: ModelHost.COMMUNE,
      organisations: [POLICE, FATHERLAND_FRONT, YOUTH_UNION, ELDERLY_ASSOCIATION],
      established_on: h.establishedOn,
      dissolved_on: null,
      exemplary: true,
      location: t.heritageIn(h.atomId).location,
    });
  }

  // One camera-surveillance model per commune at most; the named ones first, so no random one takes their commune.
  const covered = new Set<string>(namedCameraModels.map((m) => m.atomId));
  const cameraDates = [
    ...namedCameraModels.map((m) => ({ date: m.establishedOn, atomId: m.atomId })),
    ...Object.entries(cameraModelsPerYear).flatMap(([year, count]) =>
      Array.from({ length: count }, () => ({ date: dateInYear(rng, Number(year)), atomId: undefined })),
    ),
  ].sort((a, b) => a.date.localeCompare(b.date));
  for (const { date, atomId } of cameraDates) {
    const unit = atomId ? t.unitOn(atomId, date) : t.randomUnit(rng, date, (u) => !u.atomIds.some((a) => covered.has(a)));
    unit.atomIds.forEach((a) => covered.add(a));
    add(t.seat(unit), {
      name: `Mô hình “Camera giám sát an ninh trật tự” ${inlineName(unit)}`,
      kind: ModelKind.CAMERA_SURVEILLANCE,
      host: ModelHost.COMMUNE,
      organisations: organisations(POLICE, [FATHERLAND_FRONT, YOUTH_UNION, VETERANS_ASSOCIATION]),
      established_on: date,
      dissolved_on: null,
      exemplary: atomId !== undefined || rng.chance(0.04),
      location: null,
    });
  }

  // Each exemplary commune's reintegration model, set up before the 2020 mergers, so it bears the name the report uses.
  for (const atomId of exemplaryAtoms) {
    const span = { from: randomDate(rng, '2019-01-01', '2019-12-31'), to: null };
    const place = t.at(atomId, span.from);
    add(place, modelFields(place.unit, reintegrationTemplate, reintegrationTemplate.name(t.names(place.unit)), span, null, true));
  }

  // Every atom keeps at least one model for good, so every commune of every period has models.
  for (const atomId of t.atomIds) {
    const span = { from: randomDate(rng, modelPlan.base!.from, modelPlan.base!.to), to: null };
    const unit = t.unitOn(atomId, span.from);
    addModel(
      unit,
      span,
      villageTemplates,
      t.villages(unit).filter((v) => v.atomId === atomId),
    );
  }

  const fixed = rows.map((r) => ({ from: r.established_on, to: r.dissolved_on }));
  for (const span of stockSpans(rng, modelPlan, fixed)) {
    const unit = t.randomUnit(rng, span.from);
    addModel(unit, span, modelTemplates, t.villages(unit));
  }
  return rows;
}

function buildCameraSites(rng: Random, t: Territory, models: ModelRow[]): CameraRow[] {
  const rows: CameraRow[] = [];
  const add = (atomId: string, date: string, name: string, modelId: number | null, near?: Point) =>
    rows.push({
      ...fact(t.at(atomId, date)),
      name,
      camera_count: rng.pick([1, 1, 1, 2, 2, 3, 4]),
      model_id: modelId,
      installed_on: date,
      removed_on: rng.chance(0.04) && addDays(date, 365) < lastDay ? randomDate(rng, addDays(date, 365), lastDay) : null,
      location: t.point(rng, atomId, near),
    });
  for (const model of models.filter((m) => m.kind === ModelKind.CAMERA_SURVEILLANCE)) {
    const unit = t.unit(model.unit_id);
    const installedBy = earlier(addDays(model.established_on, 900), lastDay);
    const names = new Set<string>();
    const count = rng.int(3, 15);
    if (model.atom_id === heritageModels[0].atomId) {
      const temple = t.heritageIn(model.atom_id).location;
      for (const name of tranTempleCameras) {
        add(model.atom_id, model.established_on, name, model.id, temple);
        names.add(name);
      }
    }
    while (names.size < count) {
      const village = rng.pick(t.villages(unit));
      const name = rng.pick(cameraSpots)(village.label);
      if (names.has(name)) continue;
      // The model starts with its first camera; the others follow within about two and a half years.
      add(village.atomId, names.size === 0 ? model.established_on : randomDate(rng, model.established_on, installedBy), name, model.id);
      names.add(name);
    }
  }
  // Cameras households put up and connected to the police, outside any model.
  for (let i = 0; i < 300; i++) {
    const date = randomDate(rng, '2020-01-01', lastDay);
    const village = rng.pick(t.villages(t.randomUnit(rng, date)));
    add(village.atomId, date, `Camera an ninh hộ gia đình ${village.label}`, null);
  }
  return rows;
}

function buildMailboxes(rng: Random, t: Territory): MailboxRow[] {
  const rows: MailboxRow[] = [];
  const add = (place: Place, host: MailboxHost, span: Span) =>
    rows.push({ ...fact(place), host, installed_on: span.from, removed_on: span.to, location: t.point(rng, place.atomId) });
  // Every atom keeps its mailbox for good, so every commune of every period has one.
  const fixed = t.atomIds.map((atomId) => ({ atomId, span: { from: randomDate(rng, mailboxPlan.base!.from, mailboxPlan.base!.to), to: null } }));
  for (const { atomId, span } of fixed) {
    const place = t.at(atomId, span.from);
    add(place, atomId === place.unit.seatAtomId ? MailboxHost.COMMUNE_OFFICE : MailboxHost.VILLAGE_HALL, span);
  }
  for (const span of stockSpans(
    rng,
    mailboxPlan,
    fixed.map((f) => f.span),
  )) {
    const unit = t.randomUnit(rng, span.from);
    const { host } = rng.weighted(mailboxHosts, (h) => h.weight);
    add(host === MailboxHost.POLICE_STATION ? t.seat(unit) : { unit, atomId: rng.pick(t.villages(unit)).atomId }, host, span);
  }
  return rows;
}

/** One team per thôn or tổ dân phố in most of them: all were formed in the 2020–2024 division. */
function buildCovidTeams(rng: Random, t: Territory): TeamRow[] {
  const spans = stockSpans(rng, covidTeamPlan, []);
  const units = t.communesOn(covidTeamPlan.added[0].from);
  const quotas = apportion(
    spans.length,
    units.map((u) => t.villages(u).length),
  );
  const slots = rng.shuffle(units.flatMap((unit, i) => rng.sample(t.villages(unit), quotas[i]).map((village) => ({ unit, village }))));
  return spans.map((span, i) => ({
    ...fact(t.seat(slots[i].unit)),
    name: `Tổ Covid-19 cộng đồng ${slots[i].village.label}`,
    members: rng.int(5, 9),
    formed_on: span.from,
    disbanded_on: span.to,
  }));
}

function buildOutreach(rng: Random, t: Territory): OutreachRow[] {
  const attendance = yearly(rng, attendancePlan);
  return outreachPlan.flatMap((plan) =>
    [...yearly(rng, plan)].flatMap(([year, total]) => {
      const batches = lots(rng, year, total, plan.meanLot, plan.min);
      const attendances = plan.kind === OutreachKind.SESSION ? rng.partition(attendance.get(year)!, batches.length, 40) : undefined;
      const topics = outreachTopics.filter(inYears(year));
      return batches.map(({ date, quantity }, i) => ({
        ...fact(t.randomSeat(rng, date)),
        kind: plan.kind,
        held_on: date,
        quantity,
        attendance: attendances?.[i] ?? null,
        topic: rng.weighted(topics, (x) => x.weight).topic,
      }));
    }),
  );
}

/** Tips through a mailbox are recorded where that mailbox hangs. */
function buildTips(rng: Random, t: Territory, mailboxes: MailboxRow[]): TipRow[] {
  return [...yearly(rng, tipsPlan)].flatMap(([year, count]) =>
    Array.from({ length: count }, () => {
      const date = dateInYear(rng, year);
      const { channel } = rng.weighted(tipChannels, (c) => c.weight);
      const mailbox = channel === TipChannel.MAILBOX ? pickWhere(rng, mailboxes, (m) => activeOn(m.installed_on, m.removed_on, date)) : null;
      return { ...fact(mailbox ? t.at(mailbox.atom_id, date) : t.randomSeat(rng, date)), received_on: date, channel, mailbox_id: mailbox?.id ?? null };
    }),
  );
}

/** Most incidents follow a tip received in the six weeks before, each tip leading to one incident at most; they share its place. */
function buildIncidents(rng: Random, t: Territory, tips: TipRow[]): IncidentRow[] {
  const tipDays = tips.map((tip) => dayNumber(tip.received_on));
  const firstFrom = (day: number) => {
    let lo = 0,
      hi = tipDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tipDays[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const used = new Set<TipRow>();
  return [...yearly(rng, incidentsPlan)].flatMap(([year, count]) =>
    Array.from({ length: count }, () => {
      const date = dateInYear(rng, year);
      const day = dayNumber(date);
      const recent = rng.chance(0.6) ? tips.slice(firstFrom(day - 45), firstFrom(day + 1)).filter((tip) => !used.has(tip)) : [];
      const tip = recent.length > 0 ? rng.pick(recent) : null;
      if (tip) used.add(tip);
      return {
        ...fact(tip ? t.at(tip.atom_id, date) : t.randomSeat(rng, date)),
        uncovered_on: date,
        category: rng.weighted(incidentCategories(year), (c) => c.weight).category,
        tip_id: tip?.id ?? null,
      };
    }),
  );
}

/** Kilogram items are planned in grams and written with three decimals, so sums are exact. */
function buildSeizures(rng: Random, t: Territory): SeizureRow[] {
  return seizurePlan.flatMap((plan) =>
    [...yearly(rng, { in2021: plan.in2021, trend: seizureTrend })].flatMap(([year, total]) =>
      lots(rng, year, total, plan.meanLot, plan.min, plan.months).map(({ date, quantity }) => {
        const measure = seizureMeasure[plan.item];
        return {
          ...fact(t.randomSeat(rng, date)),
          seized_on: date,
          item: plan.item,
          quantity: measure === MeasureUnit.KILOGRAM ? `${Math.floor(quantity / 1000)}.${String(quantity % 1000).padStart(3, '0')}` : String(quantity),
          measure,
        };
      }),
    ),
  );
}

/** A case before its reference is given: released 6–24 months after placement, open if that falls after the sample. */
type CaseDraft = { place: Place; placed: string; released: string; outcome: CaseOutcome | null };
const minStay = 183,
  maxStay = 730;
/** Most stays are short: skewed towards six months. */
const stay = (rng: Random) => minStay + Math.round((maxStay - minStay) * rng.next() ** 2);
/** The sample holds no caseload from before 2019, so 2019's placements lean to its first months, for the year to have releases like the others. */
const firstYearMonths = [2.4, 2, 1.6, 1.2, 1, 0.9, 0.8, 0.7, 0.6, 0.6, 0.6, 0.6];

/**
 * Community education. The exemplary places' cases placed in 2019–2021 are
 * written to plan (see `exemplaryCaseload`); everywhere else cases are drawn.
 * Each year exactly the planned number of released cases progressed; the
 * others reoffended or were transferred.
 */
function buildCases(rng: Random, t: Territory): CaseRow[] {
  const designed = exemplaryCaseload(rng, t);
  const placements = yearly(rng, placementsPlan);
  const progressed = yearly(rng, progressedPlan);
  const exemplarySeat = (u: UnitSeed) => (exemplaryAtoms as readonly string[]).includes(u.seatAtomId);
  const drawn: CaseDraft[] = [];
  for (const year of sampleYears) {
    // 2021's total is the report's, the planned cases included.
    const count = placements.get(year)! - (year === articleYear ? designed.filter((c) => c.placed.startsWith(`${year}-`)).length : 0);
    for (let i = 0; i < count; i++) {
      const placed = dateInYear(rng, year, year === sampleYears[0] ? firstYearMonths : undefined);
      const place = t.randomSeat(rng, placed, year <= articleYear ? (u) => !exemplarySeat(u) : undefined);
      drawn.push({ place, placed, released: addDays(placed, stay(rng)), outcome: null });
    }
  }
  for (const year of sampleYears) {
    const releasedIn = (c: CaseDraft) => c.released.startsWith(`${year}-`);
    const released = drawn.filter(releasedIn);
    const target = progressed.get(year)! - designed.filter((c) => releasedIn(c) && c.outcome === CaseOutcome.PROGRESSED).length;
    if (target > released.length) throw new Error(`Only ${released.length} cases are released in ${year}; ${target} should progress`);
    const chosen = new Set(rng.sample(released, target));
    for (const c of released) c.outcome = chosen.has(c) ? CaseOutcome.PROGRESSED : rng.chance(0.35) ? CaseOutcome.REOFFENDED : CaseOutcome.TRANSFERRED;
  }
  const counters = new Map<string, number>();
  return [...designed, ...drawn]
    .sort((a, b) => a.placed.localeCompare(b.placed))
    .map((c) => {
      const year = c.placed.slice(0, 4);
      counters.set(year, (counters.get(year) ?? 0) + 1);
      const open = c.released > lastDay;
      return {
        ...fact(c.place),
        reference: `GD-${year}-${String(counters.get(year)).padStart(6, '0')}`,
        placed_on: c.placed,
        released_on: open ? null : c.released,
        outcome: open ? null : c.outcome,
      };
    });
}

/**
 * The exemplary places' cases placed in 2019–2021, to plan: 10–16 progressed
 * and released in 2021 (placed in 2019–2020), and a few placed each year whose
 * release avoids 2021, so in 2021 each place has clearly more successes than
 * its placements would suggest.
 */
function exemplaryCaseload(rng: Random, t: Territory): CaseDraft[] {
  const cases: CaseDraft[] = [];
  const dayBefore = `${articleYear - 1}-12-31`,
    dayAfter = `${articleYear + 1}-01-01`;
  /** A release 6–24 months after placement, outside 2021, so 2021's successes are exactly the planned ones. */
  const releaseOutside2021 = (placed: string) => {
    const first = addDays(placed, minStay),
      last = addDays(placed, maxStay);
    const canBefore = first <= dayBefore,
      canAfter = last >= dayAfter;
    return canBefore && (!canAfter || rng.chance(0.5)) ? randomDate(rng, first, earlier(last, dayBefore)) : randomDate(rng, later(first, dayAfter), last);
  };
  for (const atomId of exemplaryAtoms) {
    const successes = rng.int(10, 16);
    for (let i = 0; i < successes; i++) {
      const released = dateInYear(rng, articleYear);
      const placed = randomDate(rng, addDays(released, -maxStay), earlier(addDays(released, -minStay), dayBefore));
      cases.push({ place: t.at(atomId, placed), placed, released, outcome: CaseOutcome.PROGRESSED });
    }
    const placements = [
      [2019, rng.int(3, 6)],
      [2020, rng.int(3, 6)],
      [articleYear, successes + rng.int(2, 5)],
    ];
    for (const [year, count] of placements) {
      for (let i = 0; i < count; i++) {
        const placed = dateInYear(rng, year);
        const outcome = rng.chance(0.8) ? CaseOutcome.PROGRESSED : CaseOutcome.TRANSFERRED;
        cases.push({ place: t.at(atomId, placed), placed, released: releaseOutside2021(placed), outcome });
      }
    }
  }
  return cases;
}

const reformDate = divisions[divisions.length - 1].validFrom;

function buildCommendations(rng: Random, t: Territory, models: ModelRow[]): CommendationRow[] {
  const rows: CommendationRow[] = [];
  const add = (place: Place, date: string, kind: RecipientKind, recipient: string, reason: string, model: ModelRow | null) => {
    const context = { province: date < reformDate ? 'Thái Bình' : 'Hưng Yên', district: t.district(place.unit) };
    const body = rng.weighted(
      awardingBodies.filter((b) => b.name(context)),
      (b) => b.weight,
    );
    rows.push({
      ...fact(place),
      recipient_kind: kind,
      recipient_name: recipient,
      awarding_body: body.name(context)!,
      form: rng.pick(body.forms),
      awarded_on: date,
      reason,
      model_id: model?.id ?? null,
    });
  };
  const collective = (place: Place) =>
    rng.pick(collectiveRecipients)(t.names(place.unit, rng.pick(t.villages(place.unit).filter((v) => v.atomId === place.atomId)).label));

  // The exemplary places, at the 2021 year-end reviews: their reintegration model, a collective, then individuals.
  for (const atomId of exemplaryAtoms) {
    const model = models.find((m) => m.atom_id === atomId && m.kind === ModelKind.REINTEGRATION_SUPPORT && m.exemplary)!;
    for (let i = 0, n = rng.int(3, 5); i < n; i++) {
      const date = randomDate(rng, '2021-11-15', '2022-02-28');
      const place = t.at(atomId, date);
      const reason = rng.pick(rehabilitationReasons);
      if (i === 0) add(place, date, RecipientKind.COLLECTIVE, model.name, reason, model);
      else if (i === 1) add(place, date, RecipientKind.COLLECTIVE, collective(place), reason, null);
      else add(place, date, RecipientKind.INDIVIDUAL, placeholderName(rng), reason, null);
    }
  }

  for (const [year, count] of yearly(rng, commendationsPlan)) {
    for (let i = 0; i < count; i++) {
      const date = dateInYear(rng, year, awardMonths);
      // Awards early in the year are for the year before.
      const achieved = date < `${year}-03-01` ? year - 1 : year;
      const model = rng.chance(0.16) ? pickWhere(rng, models, (m) => activeOn(m.established_on, m.dissolved_on, date)) : null;
      if (model) {
        const reason = `Có thành tích xuất sắc trong xây dựng, duy trì hoạt động ${lowerFirst(model.name)}`;
        add(t.at(model.atom_id, date), date, RecipientKind.COLLECTIVE, model.name, reason, model);
        continue;
      }
      const place = t.randomSeat(rng, date);
      const reason = rng.weighted(generalReasons.filter(inYears(achieved)), (r) => r.weight).text(achieved);
      if (rng.chance(0.35)) add(place, date, RecipientKind.COLLECTIVE, collective(place), reason, null);
      else add(place, date, RecipientKind.INDIVIDUAL, placeholderName(rng), reason, null);
    }
  }
  return rows;
}

/** One row per commune in force on 30 June; in 2021 every household signed the COVID-19 commitment (the report's "100%"). */
function buildCommitments(rng: Random, t: Territory): CommitmentRow[] {
  return sampleYears.flatMap((year) =>
    t.communesOn(`${year}-06-30`).map((unit) => {
      const households = Math.max(1200, Math.min(5000, Math.round(1450 * t.weight(unit) * (1 + 0.01 * (year - 2019)) * rng.between(0.95, 1.05))));
      const covid = year >= 2020 && year <= 2022;
      const committed = year === articleYear ? households : Math.floor(households * (covid ? rng.between(0.9, 0.98) : rng.between(0.85, 0.97)));
      return {
        ...fact(t.seat(unit)),
        year,
        topic: covid ? CommitmentTopic.COVID_PREVENTION : CommitmentTopic.SECURITY_AND_ORDER,
        households,
        committed,
      };
    }),
  );
}

type RouteRow = Fact & {
  name: string;
  schedule: PatrolSchedule[];
  model_id: number | null;
  started_on: string;
  ended_on: string | null;
  location: Geometry;
};

const routeSchedules: PatrolSchedule[][] = [
  [PatrolSchedule.NIGHTLY],
  [PatrolSchedule.NIGHTLY, PatrolSchedule.HOLIDAYS],
  [PatrolSchedule.WEEKENDS, PatrolSchedule.HOLIDAYS],
  [PatrolSchedule.DAILY],
  [PatrolSchedule.EVENTS, PatrolSchedule.HOLIDAYS],
];

/**
 * One or two routes for each patrol model, through three to five places of its
 * commune; in a commune made of several old ones, a route crosses them. The
 * commune police walk one route of their own in about one commune in five.
 */
function buildPatrolRoutes(rng: Random, t: Territory, models: ModelRow[]): RouteRow[] {
  const rows: RouteRow[] = [];
  const add = (place: Place, by: string, modelId: number | null, span: Span) => {
    const stops = rng.shuffle(t.villages(place.unit)).slice(0, rng.int(3, 5));
    const course = [place.atomId, ...stops.map((v) => v.atomId)].map((atomId) => t.point(rng, atomId).coordinates);
    const name = `Tuyến tuần tra${by} ${stops[0].label} – ${stops[stops.length - 1].label}`;
    const location: Geometry = { type: 'LineString', coordinates: course };
    rows.push({ ...fact(place), name, schedule: rng.pick(routeSchedules), model_id: modelId, started_on: span.from, ended_on: span.to, location });
  };
  for (const model of models.filter((m) => m.kind === ModelKind.SECURITY_PATROL)) {
    const place = { unit: t.unit(model.unit_id), atomId: model.atom_id };
    const span = { from: model.established_on, to: model.dissolved_on };
    add(place, '', model.id, span);
    if (rng.chance(0.3)) add(place, '', model.id, span);
  }
  for (const unit of t.communesOn('2021-01-01')) {
    if (rng.chance(0.2)) add(t.seat(unit), ` Công an ${unit.name}:`, null, { from: randomDate(rng, '2020-01-01', '2021-06-30'), to: null });
  }
  return rows;
}

/** Sorts a complete table by date and numbers it 1..n, so ids follow time. */
function numbered<T extends Fact>(table: FactTable, rows: T[]): T[] {
  const sorted = [...rows].sort((a, b) => factDate(table, a).localeCompare(factDate(table, b)));
  sorted.forEach((row, i) => {
    row.id = i + 1;
  });
  return sorted;
}

/**
 * Generates every sample table from the geography. Deterministic: the same
 * geography and seed give the same rows. Tables come in an order that loads
 * referenced rows first.
 */
export function generateSample(geo: GeographySeed, seed = 20220221): Record<FactTable, SampleRow[]> {
  const rng = new Random(seed);
  const t = new Territory(geo);
  const models = numbered('security_model', buildModels(rng, t));
  const cameras = numbered('camera_site', buildCameraSites(rng, t, models));
  const mailboxes = numbered('report_mailbox', buildMailboxes(rng, t));
  const tips = numbered('valuable_tip', buildTips(rng, t, mailboxes));
  return {
    security_model: models,
    camera_site: cameras,
    report_mailbox: mailboxes,
    covid_team: numbered('covid_team', buildCovidTeams(rng, t)),
    outreach_activity: numbered('outreach_activity', buildOutreach(rng, t)),
    valuable_tip: tips,
    incident: numbered('incident', buildIncidents(rng, t, tips)),
    seizure: numbered('seizure', buildSeizures(rng, t)),
    community_education_case: numbered('community_education_case', buildCases(rng, t)),
    commendation: numbered('commendation', buildCommendations(rng, t, models)),
    household_commitment: numbered('household_commitment', buildCommitments(rng, t)),
    // A generator of their own, so the other tables stay as they were.
    patrol_route: numbered('patrol_route', buildPatrolRoutes(new Random(seed + 1), t, models)),
  };
}
