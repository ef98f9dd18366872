import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKeyRing, ApiKeysConfigError } from './api-keys';
import { hasRole } from './roles';

const ANALYST = 'analyst-key-0123456789';
const ADMIN = 'admin-key-0123456789ab';

test('maps keys to roles and rejects unknown, truncated and extended keys', () => {
  const ring = ApiKeyRing.fromConfig(JSON.stringify({ [ANALYST]: 'analyst', [ADMIN]: 'admin' }), 'production');
  assert.equal(ring.size, 2);
  assert.equal(ring.roleOf(ANALYST), 'analyst');
  assert.equal(ring.roleOf(ADMIN), 'admin');
  assert.equal(ring.roleOf(ANALYST.slice(0, -1)), null);
  assert.equal(ring.roleOf(`${ANALYST}x`), null);
  assert.equal(ring.roleOf(''), null);
});

test('invalid configuration fails without echoing the keys', () => {
  const cases = ['not json', JSON.stringify({ 'short-key': 'admin' }), JSON.stringify({ [ADMIN]: 'root' }), JSON.stringify([ADMIN])];
  for (const json of cases) {
    assert.throws(() => ApiKeyRing.fromConfig(json, 'development'), (err: Error) => {
      assert.ok(err instanceof ApiKeysConfigError);
      assert.ok(!err.message.includes(ADMIN) && !err.message.includes('short-key'), err.message);
      return true;
    });
  }
});

test('an empty key map is refused in production only', () => {
  assert.throws(() => ApiKeyRing.fromConfig('{}', 'production'), ApiKeysConfigError);
  assert.equal(ApiKeyRing.fromConfig('{}', 'development').size, 0);
});

test('roles are ordered analyst < engineer < admin', () => {
  assert.ok(hasRole('admin', 'engineer') && hasRole('engineer', 'engineer') && hasRole('engineer', 'analyst'));
  assert.ok(!hasRole('analyst', 'engineer') && !hasRole('engineer', 'admin'));
});
