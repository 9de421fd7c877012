/** Summary statistics of repeated measurements. Nearest-rank percentiles: no interpolation between runs. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

/** The p-th percentile (0–100) by nearest rank of the sorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The median; for an even count, the mean of the two middle samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error("median of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, median: median(samples), p95: percentile(samples, 95), min: Math.min(...samples), max: Math.max(...samples) };
}

/**
 * Subject against baseline from paired rounds: the ratio of each round's two figures, then the median of
 * those ratios. Pairing cancels drift (another process starting, thermal limits) that would skew a
 * ratio of two medians taken at different times.
 */
export function pairedRatio(subject: readonly number[], baseline: readonly number[]): Summary {
  if (subject.length !== baseline.length) throw new Error("paired ratio of unequal rounds");
  return summarize(subject.map((value, index) => value / (baseline[index] as number)));
}

/** A straight line through measured points: y ≈ intercept + slope·x, and how well it fits (R², 1 is perfect). */
export interface LinearFit {
  readonly intercept: number;
  readonly slope: number;
  readonly r2: number;
}

/** Least-squares fit of y = intercept + slope·x. */
export function linearFit(points: ReadonlyArray<{ readonly x: number; readonly y: number }>): LinearFit {
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  const covariance = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  const slope = covariance / variance;
  const intercept = meanY - slope * meanX;
  const residual = points.reduce((sum, point) => sum + (point.y - intercept - slope * point.x) ** 2, 0);
  const total = points.reduce((sum, point) => sum + (point.y - meanY) ** 2, 0);
  return { intercept, slope, r2: total === 0 ? 1 : 1 - residual / total };
}

/** Least-squares slope of log(y) over log(x): 1 is linear growth, 2 quadratic. */
export function growthExponent(points: ReadonlyArray<{ readonly x: number; readonly y: number }>): number {
  const logs = points.map(({ x, y }) => ({ x: Math.log(x), y: Math.log(y) }));
  const meanX = logs.reduce((sum, point) => sum + point.x, 0) / logs.length;
  const meanY = logs.reduce((sum, point) => sum + point.y, 0) / logs.length;
  const covariance = logs.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = logs.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  return covariance / variance;
}
