/** One result of an ops check: what was checked, on what, and how it went. */
export interface Finding {
  check: string;
  target: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

export const ok = (check: string, target: string, detail = ''): Finding => ({ check, target, status: 'ok', detail });
export const warn = (check: string, target: string, detail: string): Finding => ({ check, target, status: 'warn', detail });
export const fail = (check: string, target: string, detail: string): Finding => ({ check, target, status: 'fail', detail });

/** Fixed-width text table (no colours: the output is meant for logs and scripts too). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], maxWidth = 80): string {
  const cut = (s: string): string => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const cells = [header, ...rows].map((r) => r.map((c) => cut(c.replace(/\s+/g, ' '))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/**
 * The findings as a table: every failure and warning, one line each, and the passing checks summed up per check
 * (`--all` lists every finding). Then a verdict line.
 */
export function renderFindings(title: string, findings: readonly Finding[], all = false): string {
  const shown = all ? findings : findings.filter((f) => f.status !== 'ok');
  const passed = new Map<string, number>();
  if (!all) for (const f of findings) if (f.status === 'ok') passed.set(f.check, (passed.get(f.check) ?? 0) + 1);
  const rows = [
    ...shown.map((f) => [f.status.toUpperCase(), f.check, f.target, f.detail]),
    ...[...passed].map(([check, n]) => ['OK', check, n === 1 ? findings.find((f) => f.check === check && f.status === 'ok')!.target : `${n} items`, n === 1 ? findings.find((f) => f.check === check && f.status === 'ok')!.detail : '']),
  ];
  const failures = findings.filter((f) => f.status === 'fail').length;
  const warnings = findings.filter((f) => f.status === 'warn').length;
  const verdict = failures > 0 ? `${title}: FAILED (${failures} failure(s), ${warnings} warning(s))` : `${title}: OK (${warnings} warning(s))`;
  return `${formatTable(['status', 'check', 'target', 'detail'], rows)}\n${verdict}\n`;
}
