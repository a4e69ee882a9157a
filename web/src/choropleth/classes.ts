/** A sequential ramp (ColorBrewer YlGnBu, 5 classes): readable for colour-blind people and in greyscale print. */
export const ramp = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** A diverging ramp for changes (ColorBrewer PuOr, 7 classes): orange falls, grey stays, purple rises. */
export const divergingRamp = ['#b35806', '#f1a340', '#fee0b6', '#f7f7f7', '#d8daeb', '#998ec3', '#542788'] as const;
export const noDataColour = '#d9d9d9';

export interface Classes {
  /** n + 1 strictly increasing edges of n classes: class i holds [edges[i], edges[i+1]), the last one closed. */
  edges: number[];
  colours: string[];
  /** Counts: every edge is a whole number, and a class holds the whole numbers from its first edge to one below the next. */
  whole: boolean;
}

/** Classes on given edges (the metric's own, fixed across years), coloured along the ramp. */
export function fromEdges(edges: readonly number[], whole: boolean): Classes | null {
  if (edges.length < 2) return null;
  return { edges: [...edges], colours: spread(edges.length - 1), whole };
}

/**
 * This year's quantile classes (as many places in each as possible), at most
 * five, fewer when values repeat so that no class is empty; whole-number edges for counts.
 */
export function quantiles(values: readonly (number | null)[], whole: boolean): Classes | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const round = (v: number) => (whole ? Math.ceil(v) : v);
  const inner = [1, 2, 3, 4].map((i) => round(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / ramp.length))]));
  const last = whole ? Math.max(round(max), round(min) + 1) : max;
  const edges = [...new Set([round(min), ...inner.filter((b) => b > min && b < last), last])].sort((a, b) => a - b);
  if (edges.length === 1) edges.push(edges[0] + 1);
  return { edges, colours: spread(edges.length - 1), whole };
}

/**
 * Classes of a change: seven, centred on no change. Differences of counts have
 * a class of exactly 0; ratios are read on a scale where halving and doubling are as far from 1.
 */
export function changeClasses(values: readonly (number | null)[], kind: 'difference' | 'ratio', whole: boolean): Classes {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (kind === 'ratio') {
    const top = Math.max(2.5, ...finite);
    return { edges: [0, 1 / 2, 2 / 3, 0.9, 1 / 0.9, 1.5, 2, top], colours: [...divergingRamp], whole: false };
  }
  const reach = Math.max(1, ...finite.map(Math.abs));
  if (whole) {
    const step = Math.max(1, Math.ceil(reach / 3));
    return { edges: [-3 * step, -2 * step, -step, 0, 1, step + 1, 2 * step + 1, 3 * step + 1], colours: [...divergingRamp], whole: true };
  }
  const step = reach / 3.5;
  return { edges: [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5].map((k) => k * step), colours: [...divergingRamp], whole: false };
}

/** The class of a value; values beyond the edges fall in the first or last class. */
export function classOf(classes: Classes, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  let i = 0;
  while (i < classes.edges.length - 2 && value >= classes.edges[i + 1]) i++;
  return i;
}

/** `n` colours of the ramp, spread over its whole range. */
function spread(n: number): string[] {
  if (n === 1) return [ramp[2]];
  if (n <= ramp.length) return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]);
  // More classes than the ramp has colours: interpolated along it.
  return Array.from({ length: n }, (_, i) => mix((i * (ramp.length - 1)) / (n - 1)));
}

function mix(at: number): string {
  const i = Math.min(Math.floor(at), ramp.length - 2);
  const f = at - i;
  const rgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const [a, b] = [rgb(ramp[i]), rgb(ramp[i + 1])];
  return `#${a
    .map((v, k) =>
      Math.round(v + (b[k] - v) * f)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * The legend's rows, none overlapping: whole numbers as "from – to" (both in the class,
 * or one number), other values as "from – under to", the last class closed.
 */
export function legendRows(classes: Classes): { colour: string; from: number; to: number; closed: boolean }[] {
  const { edges, whole } = classes;
  return classes.colours.map((colour, i) => {
    const last = i === classes.colours.length - 1;
    if (whole) return { colour, from: edges[i], to: last ? edges[i + 1] : edges[i + 1] - 1, closed: true };
    return { colour, from: edges[i], to: edges[i + 1], closed: last };
  });
}
