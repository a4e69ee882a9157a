/** A quantity the hub counts or sums per unit and period (e.g. cameraSites); each metric is built from them. */
export type MeasureId = string;

/** How a metric is computed from measures: a measure itself, a ratio of two, or a measure per km² of territory. */
export type Formula =
  { kind: 'measure'; measure: MeasureId } | { kind: 'ratio'; numerator: MeasureId; denominator: MeasureId } | { kind: 'density'; measure: MeasureId };

/** What kind of number a metric is: its colours' class edges follow from it (whole numbers for counts, within 0–1 for rates). */
export enum MetricKind {
  COUNT = 'COUNT',
  RATE = 'RATE',
  DENSITY = 'DENSITY',
}

export interface MetricDefinition {
  id: string;
  label: { vi: string; en: string };
  unit: { vi: string; en: string };
  kind: MetricKind;
  formula: Formula;
  /** How it is computed, in one sentence, Vietnamese and English (shown from the legend and the place panel). */
  definition: { vi: string; en: string };
}

/** A metric's kind follows from its formula: a ratio of two measures is a rate, a measure per km² a density. */
function kindOf(formula: Formula): MetricKind {
  return formula.kind === 'ratio' ? MetricKind.RATE : formula.kind === 'density' ? MetricKind.DENSITY : MetricKind.COUNT;
}

/** A metric of the catalogue, its kind following from its formula; a record type declares its own the same way. */
export function metric(
  id: string,
  label: MetricDefinition['label'],
  unit: MetricDefinition['unit'],
  formula: Formula,
  vi: string,
  en: string,
): MetricDefinition {
  return { id, label, unit, kind: kindOf(formula), formula, definition: { vi, en } };
}

const count = (vi: string, en: string) => ({ vi, en });
const perKm2 = { vi: 'trên km²', en: 'per km²' };
const share = { vi: 'tỷ lệ (0–1)', en: 'share (0–1)' };

/**
 * The metric catalogue: what a choropleth, a table or an export can show for any
 * unit and period. Spans (models, mailboxes, cameras, teams) count when active
 * at some time in the period; events count when dated in it.
 */
export const metrics: readonly MetricDefinition[] = [
  metric(
    'selfManagementModels',
    { vi: 'Mô hình tự phòng, tự quản, tự bảo vệ', en: 'Self-management models' },
    count('mô hình', 'models'),
    { kind: 'measure', measure: 'selfManagementModels' },
    'Số mô hình tự phòng, tự quản, tự bảo vệ hoạt động vào một thời điểm nào đó trong kỳ.',
    'Self-management models operating at some time in the period.',
  ),
  metric(
    'selfManagementModelsPerKm2',
    { vi: 'Mật độ mô hình tự quản', en: 'Self-management models per km²' },
    perKm2,
    { kind: 'density', measure: 'selfManagementModels' },
    'Số mô hình tự quản hoạt động trong kỳ chia cho diện tích của đơn vị (km²).',
    'Self-management models operating in the period, divided by the unit’s area in km².',
  ),
  metric(
    'cameraSites',
    { vi: 'Điểm camera giám sát ANTT', en: 'Camera-surveillance sites' },
    count('điểm', 'sites'),
    { kind: 'measure', measure: 'cameraSites' },
    'Số điểm camera giám sát an ninh trật tự được lắp đặt vào một thời điểm nào đó trong kỳ.',
    'Camera-surveillance sites in place at some time in the period.',
  ),
  metric(
    'cameraSitesPerKm2',
    { vi: 'Mật độ điểm camera', en: 'Camera sites per km²' },
    perKm2,
    { kind: 'density', measure: 'cameraSites' },
    'Số điểm camera có trong kỳ chia cho diện tích của đơn vị (km²).',
    'Camera-surveillance sites in place in the period, divided by the unit’s area in km².',
  ),
  metric(
    'crimeReportMailboxes',
    { vi: 'Hòm thư tố giác tội phạm', en: 'Crime-report mailboxes' },
    count('hòm thư', 'mailboxes'),
    { kind: 'measure', measure: 'crimeReportMailboxes' },
    'Số hòm thư tố giác tội phạm được đặt vào một thời điểm nào đó trong kỳ.',
    'Crime-report mailboxes in place at some time in the period.',
  ),
  metric(
    'crimeReportMailboxesPerKm2',
    { vi: 'Mật độ hòm thư tố giác', en: 'Mailboxes per km²' },
    perKm2,
    { kind: 'density', measure: 'crimeReportMailboxes' },
    'Số hòm thư tố giác có trong kỳ chia cho diện tích của đơn vị (km²).',
    'Crime-report mailboxes in place in the period, divided by the unit’s area in km².',
  ),
  metric(
    'communityCovidTeams',
    { vi: 'Tổ Covid-19 cộng đồng', en: 'Community COVID-19 teams' },
    count('tổ', 'teams'),
    { kind: 'measure', measure: 'communityCovidTeams' },
    'Số tổ Covid-19 cộng đồng hoạt động vào một thời điểm nào đó trong kỳ.',
    'Community COVID-19 teams active at some time in the period.',
  ),
  metric(
    'commendations',
    { vi: 'Khen thưởng', en: 'Commendations' },
    count('lượt', 'awards'),
    { kind: 'measure', measure: 'commendations' },
    'Số lượt khen thưởng (tập thể và cá nhân) được trao trong kỳ.',
    'Commendations (to collectives and individuals) awarded in the period.',
  ),
  metric(
    'outreachSessions',
    { vi: 'Cuộc tuyên truyền', en: 'Outreach sessions' },
    count('cuộc', 'sessions'),
    { kind: 'measure', measure: 'outreachSessions' },
    'Số cuộc tuyên truyền được tổ chức trong kỳ.',
    'Outreach sessions held in the period.',
  ),
  metric(
    'outreachAttendances',
    { vi: 'Lượt người dự tuyên truyền', en: 'Outreach attendances' },
    count('lượt người', 'attendances'),
    { kind: 'measure', measure: 'outreachAttendances' },
    'Tổng số lượt người dự các cuộc tuyên truyền trong kỳ.',
    'People attending outreach sessions in the period, summed over the sessions.',
  ),
  metric(
    'valuableTips',
    { vi: 'Nguồn tin có giá trị', en: 'Valuable tips' },
    count('nguồn tin', 'tips'),
    { kind: 'measure', measure: 'valuableTips' },
    'Số nguồn tin có giá trị mà quần chúng cung cấp cho công an trong kỳ.',
    'Valuable tips the public gave the police in the period.',
  ),
  metric(
    'incidentsUncovered',
    { vi: 'Vụ việc phát hiện', en: 'Incidents uncovered' },
    count('vụ việc', 'incidents'),
    { kind: 'measure', measure: 'incidentsUncovered' },
    'Số vụ việc được phát hiện trong kỳ.',
    'Incidents uncovered in the period.',
  ),
  metric(
    'peopleUnderCommunityEducation',
    { vi: 'Đưa vào diện giáo dục tại cộng đồng', en: 'Placed under community education' },
    count('người', 'people'),
    { kind: 'measure', measure: 'peopleUnderCommunityEducation' },
    'Số người được đưa vào diện quản lý, giáo dục tại cộng đồng trong kỳ.',
    'People placed under community education in the period.',
  ),
  metric(
    'peopleInCommunityEducation',
    { vi: 'Người trong diện giáo dục tại cộng đồng', en: 'People in community education' },
    count('người', 'people'),
    { kind: 'measure', measure: 'peopleInCommunityEducation' },
    'Số người thuộc diện quản lý, giáo dục tại cộng đồng vào một thời điểm nào đó trong kỳ: người còn trong diện khi kỳ bắt đầu cộng người được đưa vào trong kỳ.',
    'People under community education at some time in the period: those still under it when the period began plus those placed during it.',
  ),
  metric(
    'peopleProgressed',
    { vi: 'Tiến bộ, đưa ra khỏi diện quản lý', en: 'Progressed and released' },
    count('người', 'people'),
    { kind: 'measure', measure: 'peopleProgressed' },
    'Số người tiến bộ và được đưa ra khỏi diện quản lý, giáo dục tại cộng đồng trong kỳ.',
    'People who progressed and were released from community education in the period.',
  ),
  metric(
    'rehabilitationSuccessRate',
    { vi: 'Tỷ lệ cảm hóa, giáo dục thành công', en: 'Rehabilitation success rate' },
    share,
    { kind: 'ratio', numerator: 'peopleProgressed', denominator: 'peopleInCommunityEducation' },
    'Số người tiến bộ, được đưa ra khỏi diện trong kỳ chia cho số người thuộc diện giáo dục tại cộng đồng trong kỳ (còn trong diện khi kỳ bắt đầu cộng được đưa vào trong kỳ); không bao giờ vượt quá 100 %.',
    'People who progressed and were released in the period ÷ people under community education at some time in it (still under it when it began plus placed during it); never above 100 %.',
  ),
  metric(
    'householdCommitmentRate',
    { vi: 'Tỷ lệ hộ ký cam kết', en: 'Household commitment rate' },
    share,
    { kind: 'ratio', numerator: 'householdsCommitted', denominator: 'households' },
    'Số hộ gia đình ký cam kết chia cho tổng số hộ gia đình, trong các năm của kỳ.',
    'Households that signed a commitment ÷ households, for the years in the period.',
  ),
];

export function findMetric(id: string): MetricDefinition | undefined {
  return metrics.find((m) => m.id === id);
}
