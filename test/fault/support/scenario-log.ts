import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ScenarioRecord { name: string; outcome: 'pass' | 'fail'; seconds: number; notes: string }

/** Outcome and duration of every scenario, printed (and written as a Markdown table) when the suite ends. */
export class ScenarioLog {
  readonly records: ScenarioRecord[] = [];

  add(r: ScenarioRecord): void { this.records.push(r); }

  table(): string {
    const lines = ['| scenario | outcome | duration (s) | notes |', '|---|---|---|---|'];
    for (const r of this.records) lines.push(`| ${r.name} | ${r.outcome} | ${r.seconds.toFixed(1)} | ${r.notes.replace(/\|/g, '/')} |`);
    const total = this.records.reduce((s, r) => s + r.seconds, 0);
    lines.push(`| total | ${this.records.every((r) => r.outcome === 'pass') ? 'pass' : 'fail'} | ${total.toFixed(1)} | |`);
    return lines.join('\n');
  }

  write(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${this.table()}\n`);
  }
}
