/** Reading partly parsed input safely: anything that is not a plain object reads as an empty one. */
export function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function entriesOf(value: unknown): Array<[string, unknown]> {
  return Object.entries(recordOf(value));
}
