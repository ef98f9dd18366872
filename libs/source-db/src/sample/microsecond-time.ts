/** Timestamps as integer microseconds since the epoch (exact in a double until year 2255). */
export function isoToMicros(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp ${iso}`);
  return ms * 1000;
}

/** `2024-05-01T12:00:00.123456Z`: microsecond ISO text, as PostgreSQL reads it into timestamptz exactly. */
export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const base = new Date(ms).toISOString(); // ...SS.mmmZ
  return `${base.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
