/** The quantities the hub counts or sums per unit and period; each metric is built from them. */
export type MeasureId =
  | 'selfManagementModels' | 'crimeReportMailboxes' | 'communityCovidTeams' | 'cameraSites' | 'commendations'
  | 'outreachSessions' | 'outreachAttendances' | 'valuableTips' | 'incidentsUncovered'
  | 'peopleUnderCommunityEducation' | 'peopleProgressed' | 'householdsCommitted' | 'households';

/** How a metric is computed from measures: a measure itself, a ratio of two, or a measure per km² of territory. */
export type Formula =
  | { kind: 'measure'; measure: MeasureId }
  | { kind: 'ratio'; numerator: MeasureId; denominator: MeasureId }
  | { kind: 'density'; measure: MeasureId };

export interface MetricDefinition {
  id: string;
  label: { vi: string; en: string };
  unit: { vi: string; en: string };
  formula: Formula;
  /** One sentence on what is counted. */
  description: string;
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
  { id: 'selfManagementModels', label: { vi: 'Mô hình tự phòng, tự quản, tự bảo vệ', en: 'Self-management models' }, unit: count('mô hình', 'models'), formula: { kind: 'measure', measure: 'selfManagementModels' }, description: 'Self-management models operating at some time in the period.' },
  { id: 'selfManagementModelsPerKm2', label: { vi: 'Mật độ mô hình tự quản', en: 'Self-management models per km²' }, unit: perKm2, formula: { kind: 'density', measure: 'selfManagementModels' }, description: 'Self-management models operating in the period, per km² of the unit.' },
  { id: 'cameraSites', label: { vi: 'Điểm camera giám sát ANTT', en: 'Camera-surveillance sites' }, unit: count('điểm', 'sites'), formula: { kind: 'measure', measure: 'cameraSites' }, description: 'Camera-surveillance sites in place at some time in the period.' },
  { id: 'cameraSitesPerKm2', label: { vi: 'Mật độ điểm camera', en: 'Camera sites per km²' }, unit: perKm2, formula: { kind: 'density', measure: 'cameraSites' }, description: 'Camera-surveillance sites in place in the period, per km².' },
  { id: 'crimeReportMailboxes', label: { vi: 'Hòm thư tố giác tội phạm', en: 'Crime-report mailboxes' }, unit: count('hòm thư', 'mailboxes'), formula: { kind: 'measure', measure: 'crimeReportMailboxes' }, description: 'Crime-report mailboxes in place at some time in the period.' },
  { id: 'crimeReportMailboxesPerKm2', label: { vi: 'Mật độ hòm thư tố giác', en: 'Mailboxes per km²' }, unit: perKm2, formula: { kind: 'density', measure: 'crimeReportMailboxes' }, description: 'Crime-report mailboxes in place in the period, per km².' },
  { id: 'communityCovidTeams', label: { vi: 'Tổ Covid-19 cộng đồng', en: 'Community COVID-19 teams' }, unit: count('tổ', 'teams'), formula: { kind: 'measure', measure: 'communityCovidTeams' }, description: 'Community COVID-19 teams active at some time in the period.' },
  { id: 'commendations', label: { vi: 'Khen thưởng', en: 'Commendations' }, unit: count('lượt', 'awards'), formula: { kind: 'measure', measure: 'commendations' }, description: 'Commendations awarded in the period.' },
  { id: 'outreachSessions', label: { vi: 'Cuộc tuyên truyền', en: 'Outreach sessions' }, unit: count('cuộc', 'sessions'), formula: { kind: 'measure', measure: 'outreachSessions' }, description: 'Outreach sessions held in the period.' },
  { id: 'outreachAttendances', label: { vi: 'Lượt người dự tuyên truyền', en: 'Outreach attendances' }, unit: count('lượt người', 'attendances'), formula: { kind: 'measure', measure: 'outreachAttendances' }, description: 'People attending outreach sessions in the period.' },
  { id: 'valuableTips', label: { vi: 'Nguồn tin có giá trị', en: 'Valuable tips' }, unit: count('nguồn tin', 'tips'), formula: { kind: 'measure', measure: 'valuableTips' }, description: 'Valuable tips received in the period.' },
  { id: 'incidentsUncovered', label: { vi: 'Vụ việc phát hiện', en: 'Incidents uncovered' }, unit: count('vụ việc', 'incidents'), formula: { kind: 'measure', measure: 'incidentsUncovered' }, description: 'Incidents uncovered in the period.' },
  { id: 'peopleUnderCommunityEducation', label: { vi: 'Đưa vào diện giáo dục tại cộng đồng', en: 'Placed under community education' }, unit: count('người', 'people'), formula: { kind: 'measure', measure: 'peopleUnderCommunityEducation' }, description: 'People placed under community education in the period.' },
  { id: 'peopleProgressed', label: { vi: 'Tiến bộ, đưa ra khỏi diện quản lý', en: 'Progressed and released' }, unit: count('người', 'people'), formula: { kind: 'measure', measure: 'peopleProgressed' }, description: 'People who progressed and were released from community education in the period.' },
  { id: 'rehabilitationSuccessRate', label: { vi: 'Tỷ lệ cảm hóa, giáo dục thành công', en: 'Rehabilitation success rate' }, unit: share, formula: { kind: 'ratio', numerator: 'peopleProgressed', denominator: 'peopleUnderCommunityEducation' }, description: 'People progressed and released ÷ people placed under community education, in the period.' },
  { id: 'householdCommitmentRate', label: { vi: 'Tỷ lệ hộ ký cam kết', en: 'Household commitment rate' }, unit: share, formula: { kind: 'ratio', numerator: 'householdsCommitted', denominator: 'households' }, description: 'Households that signed a commitment ÷ households, for the years in the period.' },
];

export function findMetric(id: string): MetricDefinition | undefined {
  return metrics.find((m) => m.id === id);
}
