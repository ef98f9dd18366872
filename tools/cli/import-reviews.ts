/**
 * import-reviews: load a real review file into the source PostgreSQL database.
 *
 *   node dist/tools/cli/import-reviews.js [--format datafiniti|amazon2023|auto] [--database-url URL]
 *     [--batch-size 1000] FILE
 *
 * Formats: Datafiniti consumer-reviews CSV (12- or 27-column export) and Amazon Reviews 2023 JSONL
 * (`.gz` is read compressed). Runs the migrations first. Re-importing a file upserts: no duplicates, and
 * unchanged rows keep their updated_at. The database URL defaults to SOURCE_DATABASE_URL (never printed).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { Pool } from 'pg';
import { IMPORT_FORMATS, importReviews, migrate, type ImportFormat } from '@reviewlens/source-db';

interface ImportCliOptions {
  format: ImportFormat | 'auto';
  databaseUrl?: string;
  batchSize: number;
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

async function main(): Promise<void> {
  const program = new Command('import-reviews')
    .description('Import a review file into the source database')
    .argument('<file>', 'review file (.csv, .jsonl, optionally .gz)')
    .addOption(new Option('--format <format>', 'file layout').choices([...IMPORT_FORMATS, 'auto']).default('auto'))
    .option('--database-url <url>', 'owner connection URL (default: $SOURCE_DATABASE_URL)')
    .option('--batch-size <n>', 'rows per upsert batch', positive, 1_000)
    .parse();
  const [file] = program.args as [string];
  const opts = program.opts<ImportCliOptions>();
  const connectionString = opts.databaseUrl ?? process.env.SOURCE_DATABASE_URL;
  if (!connectionString) throw new Error('no database: pass --database-url or set SOURCE_DATABASE_URL');

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
    process.stdout.write(
      `${result.format}: ${result.rows} rows -> ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged reviews ` +
        `in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / result.seconds)} rows/s)\n`,
    );
    if (result.skipped.length > 0) {
      process.stdout.write(`skipped ${result.skipped.length} unreadable lines, first: ` +
        result.skipped.slice(0, 5).map((s) => `line ${s.line} (${s.reason})`).join('; ') + '\n');
    }
  } finally {
    bar.stop();
    await pool.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`import-reviews failed: ${error.message}\n`);
  process.exit(1);
});
