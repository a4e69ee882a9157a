import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Measurement } from './load';

/** One side's outcome for one query. */
export type Outcome =
  | { status: 'measured'; sample: string; responseBytes: number; measurement: Measurement }
  | { status: 'not implemented'; message: string }
  | { status: 'error'; message: string };

export interface QueryResult {
  id: string;
  title: string;
  compared: string;
  ours: Outcome;
  postgraphile: Outcome;
  /** ours ÷ PostGraphile, requests per second; null unless both were measured. */
  ratio: number | null;
}

export interface BenchResults {
  startedAt: string;
  environment: Record<string, string | number>;
  settings: Record<string, number>;
  queries: QueryResult[];
}

export function ratio(ours: Outcome, postgraphile: Outcome): number | null {
  return ours.status === 'measured' && postgraphile.status === 'measured' ? ours.measurement.rps / postgraphile.measurement.rps : null;
}

/** The summary table (markdown), then per query the checks and what was compared. */
export function formatReport(results: BenchResults): string {
  const rows = results.queries.map((q) => [
    `${q.id} ${q.title}`,
    ...cells(q.ours, 'ours'),
    ...cells(q.postgraphile, 'PostGraphile'),
    q.ratio === null ? '—' : `${q.ratio.toFixed(2)}×`,
  ]);
  const header = ['query', 'ours rps', 'ours p50 ms', 'ours p99 ms', 'PostGraphile rps', 'PG p50 ms', 'PG p99 ms', 'ours ÷ PG (rps)'];
  const lines = [table(header, rows), ''];
  for (const q of results.queries) {
    lines.push(`${q.id}: ${q.title}`);
    lines.push(`  ours:         ${detail(q.ours)}`);
    lines.push(`  PostGraphile: ${detail(q.postgraphile)}`);
    lines.push(`  compared:     ${q.compared}`);
  }
  return lines.join('\n');
}

export function writeResults(path: string, results: BenchResults) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

function cells(outcome: Outcome, side: string): string[] {
  if (outcome.status === 'not implemented') return [`${side}: not implemented yet`, '—', '—'];
  if (outcome.status === 'error') return [`${side}: error`, '—', '—'];
  const m = outcome.measurement;
  return [m.rps.toFixed(0), m.p50.toFixed(1), m.p99.toFixed(1)];
}

function detail(outcome: Outcome): string {
  if (outcome.status !== 'measured') return `${outcome.status}: ${outcome.message}`;
  const m = outcome.measurement;
  return `${m.requests} requests, ${m.non2xx} non-2xx, ${m.graphqlErrors} GraphQL errors, ${m.socketErrors} socket errors; sample answer ${outcome.responseBytes} B: ${outcome.sample}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => `${'-'.repeat(w + 1)}${i === 0 ? '-' : ':'}`).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
