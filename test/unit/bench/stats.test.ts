import { describe, expect, it } from "vitest";
import { growthExponent, linearFit, median, pairedRatio, percentile, summarize } from "../../../bench/stats.js";

describe("bench statistics", () => {
  it("median of odd and even counts, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("percentiles by nearest rank, never between two runs", () => {
    const samples = Array.from({ length: 20 }, (_, index) => 20 - index); // 20 … 1
    expect(percentile(samples, 95)).toBe(19);
    expect(percentile(samples, 50)).toBe(10);
    expect(percentile(samples, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
  });

  it("summarizes count, median, p95, min and max", () => {
    expect(summarize([3, 1, 2])).toEqual({ n: 3, median: 2, p95: 3, min: 1, max: 3 });
  });

  it("pairs rounds before taking the median: drift that hits both sides of a round cancels", () => {
    // The machine slows down 10× halfway; each round's subject is 1.1× its baseline.
    const baseline = [10, 10, 100, 100, 100];
    const subject = baseline.map((value) => value * 1.1);
    expect(pairedRatio(subject, baseline).median).toBeCloseTo(1.1, 12);
    // The ratio of the two medians would be just as right here, but not with an odd drift pattern:
    expect(pairedRatio([11, 110, 110], [10, 100, 100]).median).toBeCloseTo(1.1, 12);
    expect(() => pairedRatio([1, 2], [1])).toThrow("paired ratio of unequal rounds");
  });

  it("growth exponent: 1 for linear, 2 for quadratic, 0 for constant", () => {
    const sizes = [10, 100, 1000];
    expect(growthExponent(sizes.map((x) => ({ x, y: 3 * x })))).toBeCloseTo(1, 12);
    expect(growthExponent(sizes.map((x) => ({ x, y: x * x })))).toBeCloseTo(2, 12);
    expect(growthExponent(sizes.map((x) => ({ x, y: 5 })))).toBeCloseTo(0, 12);
  });

  it("refuses empty samples", () => {
    expect(() => median([])).toThrow("median of no samples");
    expect(() => percentile([], 50)).toThrow("percentile of no samples");
  });
});

describe("linear fit", () => {
  it("recovers an exact line and reports R² 1", () => {
    expect(linearFit([10, 100, 1000].map((x) => ({ x, y: 200 + 3 * x })))).toEqual({ intercept: 200, slope: 3, r2: 1 });
  });

  it("reports a worse fit for a parabola than for a line", () => {
    const parabola = linearFit([10, 100, 400, 1000].map((x) => ({ x, y: x * x })));
    expect(parabola.r2).toBeLessThan(0.99);
    expect(parabola.slope).toBeGreaterThan(0);
  });
});
