import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { countDependencyError, outageDependency } from './dependency-errors';

test('outage errors are attributed to their dependency', () => {
  assert.equal(outageDependency(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' })), 'mongo');
  assert.equal(outageDependency(new Error('SQLITE_BUSY: database is locked')), 'mongo', 'FerretDB busy');
  // What the AWS SDK v3 throws when the S3 endpoint refuses connections (measured): a socket error with $metadata.
  assert.equal(outageDependency(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4568'), { code: 'ECONNREFUSED', $metadata: { attempts: 1 } })), 's3');
  assert.equal(outageDependency(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })), 's3');
  assert.equal(outageDependency(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), 'postgres');
  assert.equal(outageDependency(new Error('Connection terminated unexpectedly')), 'postgres');
  assert.equal(outageDependency(new Error('Connection is closed.')), 'redis');
  assert.equal(outageDependency(new Error('wrapped', { cause: Object.assign(new Error('x'), { name: 'MongoNetworkError' }) })), 'mongo');
  assert.equal(outageDependency(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:1'), { code: 'ECONNREFUSED' })), 'other');
  assert.equal(outageDependency('not an error'), 'other');
});

test('the counter is created once per registry and labelled by queue and dependency', async () => {
  const registry = new Registry();
  countDependencyError(registry, 'load', Object.assign(new Error('x'), { $metadata: {} }));
  countDependencyError(registry, 'load', Object.assign(new Error('x'), { $metadata: {} }));
  countDependencyError(registry, 'archive', Object.assign(new Error('x'), { name: 'MongoNetworkError' }));
  const text = await registry.metrics();
  assert.match(text, /reviewlens_dependency_errors_total\{queue="load",dependency="s3"\} 2/);
  assert.match(text, /reviewlens_dependency_errors_total\{queue="archive",dependency="mongo"\} 1/);
});
