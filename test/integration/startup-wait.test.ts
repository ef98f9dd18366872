import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort, uniqueName } from '@reviewlens/testing';
import { localStackEnv, readServicesEnv } from '../../tools/stack/local-env';
import { startServiceProcess, stopServiceProcess, waitForHealth, type ServiceProcess } from '../../tools/stack/services';

/**
 * A service (re)started while MongoDB is unreachable waits for it (capped, jittered retries) instead of exiting, and
 * starts once it answers. MongoDB "appears" when a TCP proxy to the local FerretDB starts listening on the port the
 * service was given.
 */
/** A TCP proxy to `target` on `listenPort`; `close()` cuts its connections and stops listening. */
async function proxy(listenPort: number, target: URL): Promise<{ close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => undefined); }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  return {
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => { for (const c of cleanups) await c().catch(() => undefined); });

test('the archiver started while MongoDB is unreachable waits, then starts and is ready when MongoDB answers', async () => {
  const services = readServicesEnv();
  const mongoPort = await freePort();
  const httpPort = await freePort();
  const env = localStackEnv(services, {
    MONGO_URL: `mongodb://127.0.0.1:${mongoPort}`, MONGO_DB: uniqueName('startup_wait', { separator: '_' }),
    QUEUE_PREFIX: uniqueName('startup-wait'), LOG_LEVEL: 'info', STARTUP_WAIT_MS: '120000',
  });
  const p: ServiceProcess = startServiceProcess('archiver', httpPort, env, join(tmpdir(), 'reviewlens-startup-wait'));
  cleanups.push(() => stopServiceProcess(p, 'SIGKILL'));

  await new Promise((r) => setTimeout(r, 6_000));
  assert.equal(p.child.exitCode, null, 'still running while MongoDB is unreachable (before, it exited at once)');
  await assert.rejects(fetch(`http://127.0.0.1:${httpPort}/health`), 'not serving before its dependencies are there');

  const mongo = await proxy(mongoPort, new URL(services.MONGO_URL!));
  cleanups.push(() => mongo.close());
  await waitForHealth(httpPort, 60_000, p.child);
  const ready = await fetch(`http://127.0.0.1:${httpPort}/ready`);
  assert.equal(ready.status, 200, await ready.text());
});
