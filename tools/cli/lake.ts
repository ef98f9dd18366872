/**
 * lake: how to read the curated layer correctly — through the snapshot manifest, never as a folder.
 *
 *   node dist/tools/cli/lake.js parts     # one s3:// URL per part of the served snapshot
 *   node dist/tools/cli/lake.js duckdb    # a DuckDB query over exactly those parts
 *
 * Reads S3_* from the environment (`set -a; . ./.services/env; set +a` locally). Exit 1 before the first snapshot.
 */
import { Command } from 'commander';
import { loadConfig, S3ConfigSchema } from '@reviewlens/config';
import { duckdbSnapshotQuery, LakeRepository, readLatestSnapshot } from '@reviewlens/datalake';

async function latest() {
  const lake = new LakeRepository(loadConfig('lake', S3ConfigSchema));
  const manifest = await readLatestSnapshot(lake);
  if (!manifest) throw new Error('no snapshot published yet (curated/_latest.json is absent)');
  return { lake, manifest };
}

export function buildProgram(): Command {
  const program = new Command('lake').description('Read the curated layer through its manifest');
  program.command('parts').description('print the s3:// URL of every part of the served snapshot').action(async () => {
    const { lake, manifest } = await latest();
    for (const p of manifest.parts) process.stdout.write(`s3://${lake.bucket}/${p.key}\n`);
    process.stderr.write(`snapshot ${manifest.snapshotId}: ${manifest.parts.length} parts, ${manifest.rowCount} rows\n`);
  });
  program.command('duckdb').description('print a DuckDB query over exactly the snapshot\'s parts').action(async () => {
    const { lake, manifest } = await latest();
    process.stdout.write(`${duckdbSnapshotQuery(manifest, lake.bucket)};\n`);
  });
  return program;
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: Error) => {
    process.stderr.write(`lake: ${err.message}\n`);
    process.exit(1);
  });
}
