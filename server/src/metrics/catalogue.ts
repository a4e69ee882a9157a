import { metrics as builtIn, type MetricDefinition } from '@anbinh/shared';
import { recordTypes } from '../records/catalogue';

/** The metric catalogue: the hub's own metrics, then those the record types declare (patrolKm). */
let known: { types: number; metrics: readonly MetricDefinition[]; byId: Map<string, MetricDefinition> } | undefined;
export function allMetrics(): readonly MetricDefinition[] {
  // Built once every record type is declared (the catalogue fills as the features load), not on every tile or read.
  if (known?.types !== recordTypes.length) {
    const metrics = [...builtIn, ...recordTypes.flatMap((type) => type.metrics)];
    known = { types: recordTypes.length, metrics, byId: new Map(metrics.map((m) => [m.id, m])) };
  }
  return known.metrics;
}

export function findMetric(id: string): MetricDefinition | undefined {
  allMetrics();
  return known!.byId.get(id);
}
