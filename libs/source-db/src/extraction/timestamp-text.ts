/**
 * SQL expression rendering a timestamptz as ISO-8601 UTC text with microseconds
 * (`2024-05-01T12:00:00.123456Z`), whatever the session TimeZone. PostgreSQL keeps microseconds and a JS
 * Date only milliseconds, so cursors travel as this text and go back in as `$n::timestamptz`.
 */
export function timestampText(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
