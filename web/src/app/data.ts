import { useEffect, useState } from 'react';
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

export interface MetricInfo {
  id: string;
  kind: string;
  definition: string;
  definitionEn: string;
  breaks: number[];
}

const MetricInfoQuery = `query MetricInfo($level: UnitLevel!) { metrics { id kind definition definitionEn breaks(level: $level) } }`;

/** A metric's fixed class edges at a level and its definition, from the hub. */
export function useMetricInfo(metric: string, level: 'COMMUNE' | 'DISTRICT'): MetricInfo | undefined {
  const [result] = useQuery<{ metrics: MetricInfo[] }>({ query: MetricInfoQuery, variables: { level } });
  return result.data?.metrics.find((m) => m.id === metric);
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
