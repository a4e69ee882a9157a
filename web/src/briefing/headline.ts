import type { MessageId } from '../app/i18n';
import { years } from '../app/view';

/** The province's (or the selected place's) figures for a year and the year before, on the chosen year's map. */
export const HeadlineQuery = `query Headline($unitCode: String, $asOf: Date, $year: Int!, $previous: Int!, $hasPrevious: Boolean!, $from: Date!, $to: Date!, $previousFrom: Date!, $previousTo: Date!) {
  current: report(year: $year, unitCode: $unitCode, asOf: $asOf) { ...Headline }
  previous: report(year: $previous, unitCode: $unitCode, asOf: $asOf) @include(if: $hasPrevious) { ...Headline }
  currentCommendations: commendations(filter: { unitCode: $unitCode, asOf: $asOf, from: $from, to: $to }, first: 0) { totalCount }
  previousCommendations: commendations(filter: { unitCode: $unitCode, asOf: $asOf, from: $previousFrom, to: $previousTo }, first: 0) @include(if: $hasPrevious) { totalCount }
}
fragment Headline on MovementReport {
  selfManagementModels crimeReportMailboxes valuableTips incidentsUncovered peopleUnderCommunityEducation peopleProgressed
}`;

export function headlineVariables(unitCode: string | null, asOf: string, year: number) {
  // The first year of the data has no year before it to compare with.
  return {
    unitCode,
    asOf,
    year,
    previous: year - 1,
    hasPrevious: hasPreviousYear(year),
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    previousFrom: `${year - 1}-01-01`,
    previousTo: `${year - 1}-12-31`,
  };
}

/** Whether the data holds the year before `year`. */
export const hasPreviousYear = (year: number) => year > years[0];

export type HeadlineKey =
  | 'selfManagementModels'
  | 'crimeReportMailboxes'
  | 'valuableTips'
  | 'incidentsUncovered'
  | 'peopleUnderCommunityEducation'
  | 'peopleProgressed'
  | 'commendations';
type ReportFigures = Record<Exclude<HeadlineKey, 'commendations'>, number | null>;
export interface HeadlineData {
  current: ReportFigures;
  previous?: ReportFigures;
  currentCommendations: { totalCount: number };
  previousCommendations?: { totalCount: number };
}

/** The band's figures, in the order the provincial report gives them. */
export const headlineFigures: { key: HeadlineKey; label: MessageId }[] = [
  { key: 'selfManagementModels', label: 'models' },
  { key: 'crimeReportMailboxes', label: 'reportMailboxes' },
  { key: 'valuableTips', label: 'valuableTips' },
  { key: 'incidentsUncovered', label: 'incidentsUncovered' },
  { key: 'peopleUnderCommunityEducation', label: 'placed' },
  { key: 'peopleProgressed', label: 'progressed' },
  { key: 'commendations', label: 'commendations' },
];

export interface Headline {
  key: HeadlineKey;
  label: MessageId;
  value: number | null;
  change: number | null;
}

/** Each figure with its change from the year before (null when either year is withheld). */
export function headlines(data: HeadlineData): Headline[] {
  return headlineFigures.map(({ key, label }) => {
    const value = key === 'commendations' ? data.currentCommendations.totalCount : data.current[key];
    const before = key === 'commendations' ? (data.previousCommendations?.totalCount ?? null) : (data.previous?.[key] ?? null);
    return { key, label, value, change: value === null || before === null ? null : value - before };
  });
}
