import { useEffect, useMemo, useState } from 'react';
import { metrics } from '@anbinh/shared';
import { useQuery } from 'urql';
import type { LabelFeature } from '../map/style';

/** PUBLISHED with a value; WITHHELD: too few people to show; NOT_APPLICABLE: a ratio with nothing to divide by. */
export type ValueStatus = 'PUBLISHED' | 'WITHHELD' | 'NOT_APPLICABLE';

export interface MetricRow {
  code: string;
  name: string;
  district: string | null;
  value: number | null;
  /** Whether the value is published, withheld or not applicable: what the map colours or hatches, and the CSV notes. */
  status: ValueStatus;
}

/** A row with its status (the same as MetricRow, by the name the choropleth uses). */
export type StatusRow = MetricRow;

const MetricValuesQuery = `query ChoroplethValues($metric: String!, $level: UnitLevel!, $year: Int!, $asOf: Date!) {
  metricValues(metric: $metric, level: $level, year: $year, asOf: $asOf) { value status unit { code name parent { name } } }
}`;

/** Reads a query again from the server whenever `dataVersion` rises (after a write). */
export function useRefetch(dataVersion: number, reexecute: (options: { requestPolicy: 'network-only' }) => void): void {
  useEffect(() => {
    if (dataVersion > 0) reexecute({ requestPolicy: 'network-only' });
  }, [dataVersion, reexecute]);
}

/** The metric for every unit of a level on the map date (a year's values roll along lineage onto that map). */
export function useMetricRows(metric: string, year: number, asOf: string, dataVersion = 0, level: 'COMMUNE' | 'DISTRICT' = 'COMMUNE', pause = false) {
  const [result, reexecute] = useQuery<{
    metricValues: { value: number | null; status: ValueStatus; unit: { code: string; name: string; parent: { name: string } | null } }[];
  }>({
    query: MetricValuesQuery,
    variables: { metric, level, year, asOf },
    pause,
  });
  useRefetch(dataVersion, reexecute);
  const rows: StatusRow[] | undefined = result.data?.metricValues.map((v) => ({
    code: v.unit.code,
    name: v.unit.name,
    district: v.unit.parent?.name ?? null,
    value: v.value,
    status: v.status,
  }));
  return { rows, fetching: result.fetching, error: result.error };
}

/** A metric of the hub's catalogue: its own and those the record types declare (patrolKm…). */
export interface CatalogueMetric {
  id: string;
  label: { vi: string; en: string };
  unit: { vi: string; en: string };
  kind: 'COUNT' | 'RATE' | 'DENSITY';
  definition: { vi: string; en: string };
  /** Its fixed class edges at the level asked, once the hub has answered. */
  breaks?: number[];
}

const builtIn: CatalogueMetric[] = metrics.map((m) => ({ id: m.id, label: m.label, unit: m.unit, kind: m.kind, definition: m.definition }));

const CatalogueQuery = `query MetricCatalogue($level: UnitLevel!) {
  metrics { id label labelEn unit unitEn kind definition definitionEn breaks(level: $level) }
}`;

/**
 * The metric catalogue as the hub has it, with each metric's class edges at a level. Until it answers, the
 * catalogue built into the client (the hub's own metrics, without edges), so the menu and the title paint at once.
 */
export function useMetricCatalogue(level: 'COMMUNE' | 'DISTRICT'): { metrics: CatalogueMetric[]; fromHub: boolean } {
  const [result] = useQuery<{
    metrics: {
      id: string;
      label: string;
      labelEn: string;
      unit: string;
      unitEn: string;
      kind: CatalogueMetric['kind'];
      definition: string;
      definitionEn: string;
      breaks: number[];
    }[];
  }>({ query: CatalogueQuery, variables: { level } });
  const answered = result.data?.metrics;
  const catalogue = useMemo(
    () =>
      answered?.map((m) => ({
        id: m.id,
        label: { vi: m.label, en: m.labelEn },
        unit: { vi: m.unit, en: m.unitEn },
        kind: m.kind,
        definition: { vi: m.definition, en: m.definitionEn },
        breaks: m.breaks,
      })),
    [answered],
  );
  return catalogue ? { metrics: catalogue, fromHub: true } : { metrics: builtIn, fromHub: false };
}

/** Label points of a level on the map date, fetched once per date: the map draws them, search flies to them. */
export function useLabels(level: 'COMMUNE' | 'DISTRICT', asOf: string): LabelFeature[] {
  const [labels, setLabels] = useState<LabelFeature[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    fetch(`/geo/labels.geojson?level=${level}&asOf=${asOf}`, { signal: abort.signal })
      .then((res) => (res.ok ? res.json() : { features: [] }))
      .then((body: { features: LabelFeature[] }) => setLabels(body.features))
      .catch(() => undefined); // aborted by a newer date, or offline: the map keeps its last labels
    return () => abort.abort();
  }, [level, asOf]);
  return labels;
}
