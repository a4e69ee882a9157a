import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Measurement } from './load';
import { sides, type Side } from './queries';

const sideNames: Record<Side, string> = { ours: 'ours', postgraphile4: 'PostGraphile 4', postgraphile5: 'PostGraphile 5' };
const shortNames: Record<Side, string> = { ours: 'ours', postgraphile4: 'PG4', postgraphile5: 'PG5' };

/** One side's outcome for one query. */
export type Outcome =
  | { status: 'measured'; sample: string; comparable?: unknown; responseBytes: number; measurement: Measurement }
  | { status: 'not implemented'; message: string }
  | { status: 'error'; message: string };

export interface QueryResult {
  id: string;
  title: string;
  compared: string;
  outcomes: Record<Side, Outcome>;
  /** ours ÷ each PostGraphile, requests per second; null unless both were measured. */
  ratios: Record<Exclude<Side, 'ours'>, number | null>;
  /** Whether the answers say the same, where the shapes allow comparing them. */
  agreement: Record<'postgraphile4' | 'postgraphile5' | 'between', boolean | null>;
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

/** Ours against each PostGraphile, and the two PostGraphiles against each other: equal comparable facts (as JSON), or null when one is missing. */
export function agreement(ours: Outcome, postgraphile4: Outcome, postgraphile5: Outcome): QueryResult['agreement'] {
  const same = (a: Outcome, b: Outcome) =>
    a.status === 'measured' && b.status === 'measured' && a.comparable !== undefined && b.comparable !== undefined
      ? JSON.stringify(a.comparable) === JSON.stringify(b.comparable)
      : null;
  return { postgraphile4: same(ours, postgraphile4), postgraphile5: same(ours, postgraphile5), between: same(postgraphile4, postgraphile5) };
}

/** The summary table (markdown), then per query the checks and what was compared. */
export function formatReport(results: BenchResults): string {
  const ratioCell = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}×`);
  const rows = results.queries.map((q) => [
    `${q.id} ${q.title}`,
    ...sides.flatMap((side) => cells(q.outcomes[side], shortNames[side])),
    ratioCell(q.ratios.postgraphile4),
    ratioCell(q.ratios.postgraphile5),
  ]);
  const header = [
    'query',
    ...sides.flatMap((side) => [`${shortNames[side]} rps`, `${shortNames[side]} p50 ms`, `${shortNames[side]} p99 ms`]),
    'ours ÷ PG4',
    'ours ÷ PG5',
  ];
  const said = (same: boolean | null) => (same === null ? 'not comparable' : same ? 'the same' : 'different');
  const lines = [table(header, rows), ''];
  for (const q of results.queries) {
    lines.push(`${q.id}: ${q.title}`);
    for (const side of sides) lines.push(`  ${`${sideNames[side]}:`.padEnd(16)}${detail(q.outcomes[side])}`);
    lines.push(
      `  answers:        ours and PG4 ${said(q.agreement.postgraphile4)}; ours and PG5 ${said(q.agreement.postgraphile5)}; PG4 and PG5 ${said(q.agreement.between)}`,
    );
    lines.push(`  compared:       ${q.compared}`);
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
