/**
 * seed: fill the source PostgreSQL database with deterministic sample reviews.
 *
 *   node dist/tools/cli/seed.js --reviews 1000000 --seed 42 --malformed-rate 0.02 [--database-url URL] [--reset]
 *     [--batch-size 5000] [--grant-reader reviewlens_reader]
 *
 * Runs the migrations first. The database URL defaults to SOURCE_DATABASE_URL (owner role; never printed).
 * --reset empties the source tables first. Same options => same data. Prints rows/s at the end.
 */
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { Pool } from 'pg';
import { generateSample, grantReadOnly, migrate, truncateSourceData, type SampleProgress } from '@reviewlens/source-db';

interface SeedOptions {
  reviews: number;
  seed: number;
  malformedRate: number;
  databaseUrl?: string;
  reset: boolean;
  batchSize: number;
  grantReader?: string;
}

const integer = (min: number) => (value: string) => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};
const rate = (value: string) => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number within [0, 1]');
  return n;
};

async function main(): Promise<void> {
  const opts = new Command('seed')
    .description('Generate deterministic sample data in the source database')
    .option('--reviews <n>', 'number of reviews', integer(0), 10_000)
    .option('--seed <n>', 'random seed', integer(Number.MIN_SAFE_INTEGER), 42)
    .option('--malformed-rate <r>', 'share of deliberately malformed reviews', rate, 0.02)
    .option('--database-url <url>', 'owner connection URL (default: $SOURCE_DATABASE_URL)')
    .option('--reset', 'empty the source tables first', false)
    .option('--batch-size <n>', 'rows per multi-row insert', integer(1), 5_000)
    .option('--grant-reader <role>', 'grant read-only access to this role afterwards')
    .parse()
    .opts<SeedOptions>();

  const connectionString = opts.databaseUrl ?? process.env.SOURCE_DATABASE_URL;
  if (!connectionString) throw new Error('no database: pass --database-url or set SOURCE_DATABASE_URL');
  const pool = new Pool({ connectionString, max: 2 });
  const bar = new cliProgress.SingleBar(
    { format: ' {phase} [{bar}] {percentage}% | {value}/{total} | {eta_buffer}s left', etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let phase: SampleProgress['phase'] | null = null;
  try {
    const migrated = await migrate(pool);
    if (migrated.applied.length > 0) process.stderr.write(`applied migrations ${migrated.applied.join(', ')}\n`);
    if (opts.reset) await truncateSourceData(pool);
    const result = await generateSample(
      pool,
      { reviews: opts.reviews, seed: opts.seed, malformedRate: opts.malformedRate },
      {
        batchSize: opts.batchSize,
        onProgress: (p) => {
          if (p.phase !== phase) {
            if (phase) bar.stop();
            phase = p.phase;
            bar.start(p.total, 0, { phase: p.phase.padEnd(8) });
          }
          bar.update(p.done);
        },
      },
    );
    if (phase) bar.stop();
    if (opts.grantReader) await grantReadOnly(pool, opts.grantReader);
    const malformed = Object.entries(result.malformed).map(([k, v]) => `${k}=${v}`).join(' ');
    process.stdout.write(
      `seeded ${result.reviews} reviews, ${result.products} products, ${result.buyers} buyers, ` +
        `${result.subscriptions} subscriptions, ${result.orders} orders, ${result.images} images\n` +
        `malformed: ${malformed}\n` +
        `${result.seconds.toFixed(1)} s, ${Math.round(result.reviews / result.seconds)} reviews/s\n`,
    );
  } finally {
    bar.stop();
    await pool.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exit(1);
});
