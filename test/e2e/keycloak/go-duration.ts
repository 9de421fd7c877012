/**
 * Go's `time.ParseDuration`, which the Keycloak provider applies to realm lifetimes
 * (`getSecondsFromDurationString` = `int(time.ParseDuration(s).Seconds())`): a sequence of decimal numbers
 * with units ns, us (µs), ms, s, m, h; `"0"` alone needs no unit; anything else is an error, like `"300"`.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export function goDurationSeconds(value: string): number {
  if (value === "0" || value === "+0" || value === "-0") return 0;
  const match = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(value);
  if (!match) throw new Error(`time: invalid duration ${JSON.stringify(value)}`);
  let seconds = 0;
  for (const [, amount, unit] of (match[2] as string).matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit as string] as number);
  }
  // int() in Go truncates toward zero.
  return Math.trunc(match[1] === "-" ? -seconds : seconds);
}
