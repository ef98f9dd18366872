/**
 * import-reviews: load a real review file into the source PostgreSQL database.
 *
 *   node dist/tools/cli/import-reviews.js [--format datafiniti|amazon2023|auto] [--database-url URL]
 *     [--batch-size 1000] [--timezone UTC] [--date-format dmy|mdy|<luxon format>] [--epoch-unit s|ms]
 *     [--date-floor 1995-01-01] [--rejects-file PATH] [--allow-rejects] FILE
 *
 * Formats: Datafiniti consumer-reviews CSV (12- or 27-column export) and Amazon Reviews 2023 JSONL
 * (`.gz` is read compressed). Runs the migrations first. Re-importing a file upserts: no duplicates, and
 * unchanged rows keep their updated_at. The database URL defaults to SOURCE_DATABASE_URL (never printed).
 *
 * Row-level with a report: rows with a value the field rules refuse are set aside (listed by line, field and reason,
 * and written to the rejects file, default `./<file name>.rejects.jsonl`), the rest is imported. Exit codes: 0 all
 * rows imported (or set-aside rows allowed by --allow-rejects), 2 rows were set aside, 1 the import failed.
 */
import { basename, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { Pool } from 'pg';
import { checkReviewDateOptions, DEFAULT_REVIEW_DATE_FLOOR, parseDateFloor, type ReviewDateOptions } from '@reviewlens/domain';
import { IMPORT_FORMATS, importReviews, migrate, type ImportFormat, type ImportResult } from '@reviewlens/source-db';

interface ImportCliOptions {
  format: ImportFormat | 'auto';
  databaseUrl?: string;
  batchSize: number;
  timezone: string;
  dateFormat?: string;
  epochUnit?: 's' | 'ms';
  dateFloor: string;
  rejectsFile?: string;
  allowRejects?: boolean;
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

/** The summary lines: counts, then every set-aside row by line, field and reason. */
export function importSummary(result: ImportResult, rejectsFile: string | null): string {
  const lines = [
    `${result.format}: ${result.rows} rows -> ${result.imported} imported (${result.inserted} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged), ${result.duplicates} exact duplicates, ${result.setAside.length} set aside ` +
      `in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / Math.max(result.seconds, 1e-3))} rows/s)`,
  ];
  if (result.setAside.length > 0) {
    lines.push(`set aside (${rejectsFile ?? 'no rejects file'}):`);
    for (const row of result.setAside) {
      for (const p of row.problems) lines.push(`  line ${row.line} field ${p.field}: ${p.reason} (${p.detail})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const program = new Command('import-reviews')
    .description('Import a review file into the source database')
    .argument('<file>', 'review file (.csv, .jsonl, optionally .gz)')
    .addOption(new Option('--format <format>', 'file layout').choices([...IMPORT_FORMATS, 'auto']).default('auto'))
    .option('--database-url <url>', 'owner connection URL (default: $SOURCE_DATABASE_URL)')
    .option('--batch-size <n>', 'rows per upsert batch', positive, 1_000)
    .option('--timezone <zone>', 'IANA zone of date-times written without a zone', 'UTC')
    .option('--date-format <format>', 'day/month order of slash dates: dmy, mdy, or a luxon format (default: such dates are set aside)')
    .addOption(new Option('--epoch-unit <unit>', 'unit of numeric timestamps (default: detected, < 1e11 seconds, else milliseconds)').choices(['s', 'ms']))
    .option('--date-floor <date>', 'dates before this are set aside as invalid_date', DEFAULT_REVIEW_DATE_FLOOR.slice(0, 10))
    .option('--rejects-file <path>', 'where set-aside rows are written (default ./<file name>.rejects.jsonl)')
    .option('--allow-rejects', 'exit 0 even when rows were set aside')
    .parse();
  const [file] = program.args as [string];
  const opts = program.opts<ImportCliOptions>();
  const connectionString = opts.databaseUrl ?? process.env.SOURCE_DATABASE_URL;
  if (!connectionString) throw new Error('no database: pass --database-url or set SOURCE_DATABASE_URL');
  const dates: ReviewDateOptions = {
    timezone: opts.timezone, dateFormat: opts.dateFormat, epochUnit: opts.epochUnit, floorMs: parseDateFloor(opts.dateFloor),
  };
  checkReviewDateOptions(dates);
  const rejectsFile = resolve(opts.rejectsFile ?? `${basename(file)}.rejects.jsonl`);

  const pool = new Pool({ connectionString, max: 2 });
  const bar = new cliProgress.SingleBar(
    { format: ' import [{bar}] {percentage}% | {rows} rows | {eta_buffer}s left', etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    await migrate(pool);
    const result = await importReviews(pool, {
      file,
      format: opts.format,
      batchSize: opts.batchSize,
      dates,
      rejectsFile,
      onProgress: (p) => {
        if (!started) {
          bar.start(p.bytesTotal, 0, { rows: 0 });
          started = true;
        }
        bar.update(Math.min(p.bytesRead, p.bytesTotal), { rows: p.rows });
      },
    });
    if (started) bar.update(bar.getTotal());
    bar.stop();
    process.stdout.write(importSummary(result, result.setAside.length > 0 ? rejectsFile : null));
    if (result.setAside.length > 0 && !opts.allowRejects) {
      process.stderr.write(`import-reviews: ${result.setAside.length} rows set aside (see above; --allow-rejects to accept)\n`);
      return 2;
    }
    return 0;
  } finally {
    bar.stop();
    await pool.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`import-reviews failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
