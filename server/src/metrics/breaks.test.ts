import { describe, expect, it } from 'vitest';
import { MetricKind, Role, UnitLevel } from '@anbinh/shared';
import { allMetrics, findMetric } from './catalogue';
import { useTestHub, viewerAs } from '../testing';
import { classEdges, metricBreaks } from './breaks';
import { Freshness } from '../changes/freshness';
import { publicViewer } from '../access/viewer';

const hub = useTestHub();
const analyst = viewerAs(Role.ANALYST);

async function data(source: string, variables?: Record<string, unknown>) {
  const result = await hub.query(source, variables, analyst);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

function expectEdges(kind: MetricKind, edges: number[], label: string) {
  expect(edges.length, label).toBeGreaterThanOrEqual(2);
  expect(edges.length, label).toBeLessThanOrEqual(6);
  for (let i = 1; i < edges.length; i++) expect(edges[i], `${label}: edge ${i}`).toBeGreaterThan(edges[i - 1]);
  if (kind === MetricKind.COUNT) for (const e of edges) expect(Number.isInteger(e), `${label}: ${e} is whole`).toBe(true);
  if (kind === MetricKind.RATE) expect([edges[0], edges[edges.length - 1]], label).toEqual([0, 1]);
  if (kind !== MetricKind.RATE) expect(edges[0], label).toBe(0);
}

describe('class edges', () => {
  it('drops the classes ties would leave empty, keeping the edges strictly increasing', () => {
    expect(classEdges(MetricKind.COUNT, [0, 0, 0, 0, 0, 0, 0, 0, 3])).toEqual([0, 3]);
    expect(classEdges(MetricKind.COUNT, [])).toEqual([0, 1]);
    expect(classEdges(MetricKind.RATE, [1, 1, 1])).toEqual([0, 1]);
    expect(classEdges(MetricKind.DENSITY, [0, 0])).toEqual([0, 1]);
  });

  it('gives counts whole edges and a top at or above the largest value', () => {
    const edges = classEdges(MetricKind.COUNT, [0.5, 1.5, 2.5, 7.2, 9.9, 12.1, 40.3]);
    expectEdges(MetricKind.COUNT, edges, 'counts');
    expect(edges[edges.length - 1]).toBe(41);
  });
});

describe('Metric.breaks', () => {
  it('gives every metric strictly increasing edges at every level, whole for counts and 0–1 for rates', async () => {
    for (const level of ['PROVINCE', 'DISTRICT', 'COMMUNE']) {
      const { metrics: catalogue } = await data('query ($level: UnitLevel!) { metrics { id kind breaks(level: $level) } }', { level });
      expect(catalogue).toHaveLength(allMetrics().length);
      for (const m of catalogue as { id: string; kind: MetricKind; breaks: number[] }[]) expectEdges(m.kind, m.breaks, `${m.id} at ${level}`);
    }
  });

  it('holds every commune’s value of every year within the edges, and splits the values into several classes', async () => {
    for (const metric of ['cameraSites', 'selfManagementModelsPerKm2', 'rehabilitationSuccessRate', 'peopleProgressed']) {
      const { metrics: catalogue } = await data('{ metrics { id breaks(level: COMMUNE) } }');
      const edges: number[] = catalogue.find((m: { id: string }) => m.id === metric).breaks;
      const classes = new Set<number>();
      for (let year = 2019; year <= 2025; year++) {
        const { metricValues } = await data(
          'query ($metric: String!, $year: Int!) { metricValues(metric: $metric, level: COMMUNE, year: $year) { value status } }',
          { metric, year },
        );
        for (const v of metricValues as { value: number | null; status: string }[]) {
          if (v.status !== 'PUBLISHED') continue;
          expect(v.value, `${metric} ${year}`).toBeGreaterThanOrEqual(edges[0]);
          expect(v.value, `${metric} ${year}`).toBeLessThanOrEqual(edges[edges.length - 1]);
          classes.add(edges.findIndex((e, i) => i === edges.length - 2 || v.value! < edges[i + 1]));
        }
      }
      expect(classes.size, metric).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('kept breaks', () => {
  it('are computed once per server until a table the metric counts changes, apart for readers who see less', async () => {
    const freshness = new Freshness();
    const admin = { ...hub.context(viewerAs(Role.ADMIN)), freshness };
    const rate = findMetric('rehabilitationSuccessRate')!;
    const first = metricBreaks(admin, rate, UnitLevel.DISTRICT);
    expect(metricBreaks(admin, rate, UnitLevel.DISTRICT)).toBe(first);
    expect(metricBreaks({ ...hub.context(publicViewer), freshness }, rate, UnitLevel.DISTRICT)).not.toBe(first);
    freshness.changed(['commendation']);
    expect(metricBreaks(admin, rate, UnitLevel.DISTRICT)).toBe(first);
    freshness.changed(['community_education_case']);
    const after = metricBreaks(admin, rate, UnitLevel.DISTRICT);
    expect(after).not.toBe(first);
    expect(await after).toEqual(await first);
  });
});
