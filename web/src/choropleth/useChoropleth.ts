import { useMemo } from 'react';
import { useMetricRows, type CatalogueMetric, type StatusRow, type ValueStatus } from '../app/data';
import { formatNumber, formatShare, translate, type Language } from '../app/i18n';
import type { View } from '../app/view';
import type { Fill } from '../map/MapView';
import { changeClasses, classOf, fromEdges, quantiles, type Classes } from './classes';

/** What the map, the legend and the pointer's text need for one view. */
export interface Choropleth {
  /** The level's rows for the year (with the change since `since` as value, in the change view). */
  rows: StatusRow[] | undefined;
  classes: Classes | null;
  fill: Fill;
  /** Which statuses occur, for the legend. */
  has: Record<ValueStatus, boolean>;
  definition: { vi: string; en: string } | null;
  /** Formats a value (or change) of the view, with its unit. */
  format: (value: number) => string;
  /** Formats a class edge for the legend: the number alone (signed for a difference, × for a ratio). */
  edge: (value: number) => string;
  describe: (code: string) => string | null;
  error: ReturnType<typeof useMetricRows>['error'];
}

/** A value with the metric's unit: shares in %, counts whole, densities with two decimals. */
export function formatValue(language: Language, share: boolean, value: number): string {
  return share ? formatShare(language, value) : formatNumber(language, value, 2);
}

/** A year's value against an earlier one: withheld if either is, not applicable if either is missing or the ratio has no base. */
export function change(now: StatusRow, before: StatusRow | undefined, kind: View['change']): Pick<StatusRow, 'value' | 'status'> {
  if (!before) return { value: null, status: 'NOT_APPLICABLE' };
  if (now.status === 'WITHHELD' || before.status === 'WITHHELD') return { value: null, status: 'WITHHELD' };
  if (now.value === null || before.value === null) return { value: null, status: 'NOT_APPLICABLE' };
  if (kind === 'difference') return { value: now.value - before.value, status: 'PUBLISHED' };
  if (before.value === 0) return { value: null, status: 'NOT_APPLICABLE' };
  return { value: now.value / before.value, status: 'PUBLISHED' };
}

/** The choropleth of the view's metric, as the catalogue describes it (its class edges once the hub has answered). */
export function useChoropleth(view: View, asOf: string, dataVersion: number, metric: CatalogueMetric): Choropleth {
  const language = view.language;
  const level = view.level === 'district' ? 'DISTRICT' : 'COMMUNE';
  const share = metric.kind === 'RATE';
  const now = useMetricRows(view.metric, view.year, asOf, dataVersion, level);
  // The earlier year on the same map: the hub rolls its values along lineage onto today's units.
  const before = useMetricRows(view.metric, view.since ?? view.year, asOf, dataVersion, level, view.since === null);
  const whole = metric.kind === 'COUNT';

  const rows = useMemo(() => {
    if (!now.rows) return undefined;
    if (view.since === null) return now.rows;
    if (!before.rows) return undefined;
    const earlier = new Map(before.rows.map((r) => [r.code, r]));
    return now.rows.map((r) => ({ ...r, ...change(r, earlier.get(r.code), view.change) }));
  }, [now.rows, before.rows, view.since, view.change]);

  const classes = useMemo(() => {
    if (!rows) return null;
    const values = rows.map((r) => r.value);
    if (view.since !== null) return changeClasses(values, view.change, whole);
    if (view.classes === 'quantile') return quantiles(values, whole);
    return metric.breaks ? fromEdges(metric.breaks, whole) : null;
  }, [rows, metric.breaks, whole, view.since, view.change, view.classes]);

  const fill = useMemo<Fill>(
    () => ({
      classes: new Map((rows ?? []).map((r) => [r.code, classes && r.status === 'PUBLISHED' ? classOf(classes, r.value) : null])),
      colours: classes?.colours ?? [],
      withheld: (rows ?? []).filter((r) => r.status === 'WITHHELD').map((r) => r.code),
    }),
    [rows, classes],
  );

  return useMemo(() => {
    const byCode = new Map((rows ?? []).map((r) => [r.code, r]));
    const unit = metric.unit[language];
    const format = (value: number): string => {
      if (view.since === null) return `${formatValue(language, share, value)} ${share ? '' : unit}`.trim();
      if (view.change === 'ratio') return `×${formatNumber(language, value, 2)}`;
      const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
      const size = share
        ? `${formatNumber(language, Math.abs(value) * 100, 1)} ${translate(language, 'percentagePoints')}`
        : `${formatValue(language, false, Math.abs(value))} ${unit}`;
      return `${sign}${size}`;
    };
    const edge = (value: number): string => {
      if (view.since === null) return formatValue(language, share, value);
      if (view.change === 'ratio') return `×${formatNumber(language, value, 2)}`;
      const size = share ? formatNumber(language, Math.abs(value) * 100, 1) : formatValue(language, false, Math.abs(value));
      return value < 0 ? `−${size}` : value > 0 ? `+${size}` : size;
    };
    const describe = (code: string): string | null => {
      const row = byCode.get(code);
      if (!row) return null;
      const since = view.since === null ? '' : ` ${translate(language, 'sinceYear', { year: view.since })}`;
      if (row.status === 'WITHHELD') return `${row.name}: ${translate(language, 'withheld')}`;
      if (row.status === 'NOT_APPLICABLE' || row.value === null) return `${row.name}: ${translate(language, 'notApplicable')}`;
      return `${row.name}: ${format(row.value)}${since}`;
    };
    const statuses = new Set((rows ?? []).map((r) => r.status));
    return {
      rows,
      classes,
      fill,
      format,
      edge,
      describe,
      has: { PUBLISHED: statuses.has('PUBLISHED'), WITHHELD: statuses.has('WITHHELD'), NOT_APPLICABLE: statuses.has('NOT_APPLICABLE') },
      definition: metric.definition,
      error: now.error ?? before.error,
    };
  }, [rows, classes, fill, language, metric, share, view.since, view.change, now.error, before.error]);
}
