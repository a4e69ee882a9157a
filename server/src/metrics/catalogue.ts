import { metrics as builtIn, type MetricDefinition } from '@anbinh/shared';
import { recordTypes } from '../records/catalogue';

/** The metric catalogue: the hub's own metrics, then those the record types declare (patrolKm). */
export function allMetrics(): readonly MetricDefinition[] {
  return [...builtIn, ...recordTypes.flatMap((type) => type.metrics)];
}

export function findMetric(id: string): MetricDefinition | undefined {
  return allMetrics().find((m) => m.id === id);
}
