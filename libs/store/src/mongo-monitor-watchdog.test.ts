import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { MongoMonitorWatchdog } from './mongo-monitor-watchdog';

function setup(stallAfterMs = 60_000): { client: EventEmitter; watchdog: MongoMonitorWatchdog; clock: { t: number } } {
  const clock = { t: 1_000 };
  const client = new EventEmitter();
  return { client, watchdog: new MongoMonitorWatchdog(client, stallAfterMs, () => clock.t), clock };
}

test('heartbeats that settle, by success or failure, are never a stall', () => {
  const { client, watchdog, clock } = setup();
  for (const outcome of ['serverHeartbeatSucceeded', 'serverHeartbeatFailed']) {
    client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
    clock.t += 59_000;
    assert.equal(watchdog.stall(), undefined);
    client.emit(outcome, { connectionId: 'db:27017' });
    clock.t += 120_000;
    assert.equal(watchdog.stall(), undefined, `settled by ${outcome}`);
  }
});

test('a heartbeat pending past the limit is reported with its server and age', () => {
  const { client, watchdog, clock } = setup();
  client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
  clock.t += 60_001;
  assert.deepEqual(watchdog.stall(), { server: 'db:27017', pendingMs: 60_001 });
});

test('streaming monitors re-emit started before settling: the age counts from the first start', () => {
  const { client, watchdog, clock } = setup();
  client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
  clock.t += 40_000;
  client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
  clock.t += 30_000;
  assert.equal(watchdog.stall()?.pendingMs, 70_000);
});

test('the worst of several servers is reported, and a closed server is forgotten', () => {
  const { client, watchdog, clock } = setup();
  client.emit('serverHeartbeatStarted', { connectionId: 'a:1' });
  clock.t += 10_000;
  client.emit('serverHeartbeatStarted', { connectionId: 'b:1' });
  clock.t += 70_000;
  assert.equal(watchdog.stall()?.server, 'a:1');
  client.emit('serverClosed', { address: 'a:1' });
  assert.deepEqual(watchdog.stall(), { server: 'b:1', pendingMs: 70_000 });
});
