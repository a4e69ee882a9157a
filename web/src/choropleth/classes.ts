/** A sequential ramp (ColorBrewer YlGnBu, 5 classes): readable for colour-blind people and in greyscale print. */
export const ramp = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
export const noDataColour = '#d9d9d9';

export interface Classes {
  /** Upper bounds of each class but the last, ascending. */
  breaks: number[];
  colours: string[];
  min: number;
  max: number;
}

/**
 * Quantile classes (as many places in each class as possible), at most five,
 * fewer when values repeat so that no class is empty.
 */
export function classify(values: readonly (number | null)[]): Classes | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const candidates = [1, 2, 3, 4].map((i) => sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / ramp.length))]);
  const breaks = [...new Set(candidates)].filter((b) => b > sorted[0] && b <= sorted[sorted.length - 1]);
  const colours = spread(breaks.length + 1);
  return { breaks, colours, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** The class of a value: values below the first break are class 0; a value equal to a break starts the next class. */
export function classOf(classes: Classes, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  let i = 0;
  while (i < classes.breaks.length && value >= classes.breaks[i]) i++;
  return i;
}

/** `n` colours of the ramp, spread over its whole range. */
function spread(n: number): string[] {
  if (n === 1) return [ramp[2]];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]);
}

/** The legend's rows: [from, to) for each class, the last one closed. */
export function legendRows(classes: Classes): { colour: string; from: number; to: number }[] {
  const bounds = [classes.min, ...classes.breaks, classes.max];
  return classes.colours.map((colour, i) => ({ colour, from: bounds[i], to: bounds[i + 1] }));
}
