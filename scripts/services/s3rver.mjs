// Runs s3rver (fake S3) for local development and tests, with a graceful SIGTERM shutdown.
// Usage: node --openssl-legacy-provider s3rver.mjs --address 127.0.0.1 --port 4568 --directory DIR --bucket NAME [--verbose]
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const { values } = parseArgs({
  options: {
    address: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4568' },
    directory: { type: 'string' },
    bucket: { type: 'string', multiple: true, default: [] },
    verbose: { type: 'boolean', default: process.env.REVIEWLENS_S3RVER_VERBOSE === '1' },
  },
});
if (!values.directory) {
  console.error('s3rver.mjs: --directory is required');
  process.exit(2);
}
mkdirSync(values.directory, { recursive: true });

const server = new S3rver({
  address: values.address,
  port: Number(values.port),
  directory: values.directory,
  silent: !values.verbose,
  configureBuckets: values.bucket.map((name) => ({ name, configs: [] })),
});

const address = await server.run();
console.log(`${new Date().toISOString()} s3rver listening on ${address.address}:${address.port}, data in ${values.directory}`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${new Date().toISOString()} s3rver: ${signal}, closing`);
  // Give in-flight requests a moment, then drop whatever is left.
  const force = setTimeout(() => server.httpServer?.closeAllConnections(), 5_000);
  force.unref();
  await server.close().catch((err) => console.error('s3rver close failed:', err));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
