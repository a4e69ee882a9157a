import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import type { LabelFeature } from '../map/MapView';

export interface MetricRow {
  code: string;
  name: string;
  district: string | null;
  value: number | null;
  /** Why a cell has no value: withheld (a small count) or not applicable (nothing to divide by). */
  status: 'PUBLISHED' | 'WITHHELD' | 'NOT_APPLICABLE';
}

const MetricValuesQuery = `query ChoroplethValues($metric: String!, $level: UnitLevel!, $year: Int!, $asOf: Date!) {
  metricValues(metric: $metric, level: $level, year: $year, asOf: $asOf) { value unit { code name parent { name } } }
}`;

/** The chosen metric for every commune of the map date: what the choropleth, the legend and the table show. */
/** Reads a query again from the server whenever `dataVersion` rises (after a write). */
export function useRefetch(dataVersion: number, reexecute: (options: { requestPolicy: 'network-only' }) => void): void {
  useEffect(() => {
    if (dataVersion > 0) reexecute({ requestPolicy: 'network-only' });
  }, [dataVersion, reexecute]);
}

export function useMetricRows(metric: string, year: number, asOf: string, dataVersion = 0, level: 'COMMUNE' | 'DISTRICT' = 'COMMUNE') {
  const [result, reexecute] = useQuery<{ metricValues: { value: number | null; unit: { code: string; name: string; parent: { name: string } | null } }[] }>({
    query: MetricValuesQuery,
    variables: { metric, level, year, asOf },
  });
  useRefetch(dataVersion, reexecute);
  const rows: MetricRow[] | undefined = result.data?.metricValues.map((v) => ({ code: v.unit.code, name: v.unit.name, district: v.unit.parent?.name ?? null, value: v.value, status: v.value === null ? 'WITHHELD' : 'PUBLISHED' }));
  return { rows, fetching: result.fetching, error: result.error };
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
