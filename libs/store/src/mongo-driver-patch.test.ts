import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Regression tests for patches/mongodb+6.22.0.patch (applied by patch-package at npm install).
 * The stock driver waits for 'drain' on a socket that has already closed, so the command never settles. When this hit
 * the server monitor's heartbeat during a FerretDB restart, the monitor stopped for good: the topology stayed Unknown
 * and every later operation of that client failed with the stale "connection N closed" error (docs/reliability.md).
 * These tests drive the driver's internal Connection over a loopback socket, so they fail if the patch is missing.
 */

interface DriverConnection { closed: boolean; command(ns: unknown, cmd: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown> }
const { Connection } = require('mongodb/lib/cmap/connection') as { Connection: new (socket: Socket, options: Record<string, unknown>) => DriverConnection };
const { ns } = require('mongodb/lib/utils') as { ns: (s: string) => unknown };

const SETTLE_WITHIN_MS = 3_000;
let server: Server;
const accepted: Socket[] = [];

before(async () => {
  // A peer that accepts and never reads nor answers, like a database process that is going away.
  server = createServer((s) => { s.pause(); accepted.push(s); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});

after(async () => {
  for (const s of accepted) s.destroy();
  await new Promise((r) => server.close(r));
});

async function openConnection(id: number): Promise<{ socket: Socket; connection: DriverConnection }> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const connection = new Connection(socket, { id, hostAddress: { toString: () => `127.0.0.1:${port}` }, socketTimeoutMS: 0 });
  return { socket, connection };
}

/** How the command settled, or 'pending' if it had not within the deadline (the unpatched driver's hang). */
async function outcome(p: Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((r) => { timer = setTimeout(() => r('pending'), SETTLE_WITHIN_MS); });
  try {
    return await Promise.race([p.then(() => 'resolved', (err: Error) => `rejected: ${err.name}`), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

test('a command on a socket destroyed before its close event was handled fails with a network error instead of hanging', async () => {
  const { socket, connection } = await openConnection(1);
  socket.destroy(); // gone, but the connection has not seen 'close' yet: it still looks open
  assert.equal(connection.closed, false);
  assert.equal(await outcome(connection.command(ns('admin.$cmd'), { hello: 1 }, {})), 'rejected: MongoNetworkError');
  assert.equal(connection.closed, true, 'the connection is marked closed, so the pool discards it');
});

test('a command waiting for drain fails when the socket closes without an error event', async () => {
  const { socket, connection } = await openConnection(2);
  // 32 MB cannot be flushed to a peer that never reads: the write returns false and the driver waits for 'drain'.
  const pending = connection.command(ns('admin.$cmd'), { insert: 'x', documents: [{ big: 'y'.repeat(32 * 1024 * 1024) }] }, {});
  setTimeout(() => socket.destroy(), 200);
  assert.equal(await outcome(pending), 'rejected: MongoNetworkError');
});
