import { Duration } from 'luxon';

/** Units of a short age (`30d`, `12h`) and the luxon Duration unit each stands for. */
const UNITS = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;
const SHORT = /^(\d+(?:\.\d+)?)\s*([smhdw])$/;

/**
 * Parses an age such as `30d`, `12h`, `90m`, `45s`, `2w` (a number and one unit) or an ISO 8601 duration (`P30D`,
 * `PT12H`) into milliseconds, through luxon's Duration (months and years are refused: their length varies).
 * @throws Error naming the input when it is not an age or not positive.
 */
export function parseAge(text: string): number {
  const value = text.trim();
  const short = SHORT.exec(value);
  let duration: Duration;
  if (short) {
    duration = Duration.fromObject({ [UNITS[short[2] as keyof typeof UNITS]]: Number(short[1]) });
  } else if (/^P/i.test(value)) {
    duration = Duration.fromISO(value.toUpperCase());
    if (duration.isValid && (duration.months !== 0 || duration.years !== 0 || duration.quarters !== 0)) {
      throw new Error(`age ${JSON.stringify(text)}: months and years have no fixed length, use days (e.g. 90d)`);
    }
  } else {
    throw new Error(`age ${JSON.stringify(text)}: expected a number and a unit (s, m, h, d, w), e.g. 30d or 12h, or ISO 8601 (P30D)`);
  }
  if (!duration.isValid) throw new Error(`age ${JSON.stringify(text)}: ${duration.invalidExplanation ?? 'not a duration'}`);
  const ms = duration.toMillis();
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`age ${JSON.stringify(text)}: must be positive`);
  return ms;
}

/** `2592000000` → `30d`, `43200000` → `12h`: the largest unit that divides the age, for logs and reports. */
export function formatAge(ms: number): string {
  for (const [unit, size] of [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
