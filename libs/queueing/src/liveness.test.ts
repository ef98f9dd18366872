import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { MongoMonitorWatchdog } from '@reviewlens/store';
import { livenessProblems } from './health.controller';
import { mongoMonitorLiveness } from './mongo.providers';

function capturingLogger(): { logger: Logger; errors: unknown[] } {
  const errors: unknown[] = [];
  return { logger: { error: (obj: unknown) => errors.push(obj) } as unknown as Logger, errors };
}

test('no checks, or only passing ones, means live', () => {
  assert.equal(livenessProblems([]), undefined);
  assert.equal(livenessProblems([{ name: 'a', problem: () => undefined }]), undefined);
});

test('failing checks are reported by name', () => {
  const problems = livenessProblems([{ name: 'a', problem: () => undefined }, { name: 'b', problem: () => 'stuck' }]);
  assert.deepEqual(problems, { b: 'stuck' });
});

test('a wedged Mongo monitor fails liveness, is logged once per stall, and clears when the heartbeat settles', () => {
  const clock = { t: 0 };
  const client = new EventEmitter();
  const check = mongoMonitorLiveness(new MongoMonitorWatchdog(client, 60_000, () => clock.t), capturingLogger().logger);
  const { logger, errors } = capturingLogger();
  const logged = mongoMonitorLiveness(new MongoMonitorWatchdog(client, 60_000, () => clock.t), logger);

  client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
  clock.t = 30_000;
  assert.equal(check.problem(), undefined);
  clock.t = 61_000;
  assert.match(check.problem() ?? '', /db:27017 stuck for 61 s/);
  logged.problem();
  logged.problem();
  assert.equal(errors.length, 1, 'one error line per stall, not one per probe');

  client.emit('serverHeartbeatFailed', { connectionId: 'db:27017' });
  assert.equal(check.problem(), undefined);
  assert.equal(logged.problem(), undefined);
  client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
  clock.t = 200_000;
  logged.problem();
  assert.equal(errors.length, 2, 'a new stall is logged again');
});
