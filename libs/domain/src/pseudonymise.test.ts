import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isPersonalDataColumn, isPseudonym, pseudonymiseId, PSEUDONYM_HEX_LENGTH, stripPersonalData } from './pseudonymise';

const SALT = 'a-salt-of-at-least-16-chars';

describe('pseudonymiseId', () => {
  test('is a deterministic 32-char hex HMAC for one salt', () => {
    const a = pseudonymiseId('AE74DYR3QUGVPZJ3P7RFWBGIX7XQ', SALT);
    assert.equal(a, pseudonymiseId('AE74DYR3QUGVPZJ3P7RFWBGIX7XQ', SALT));
    assert.match(a ?? '', /^[0-9a-f]+$/);
    assert.equal(a?.length, PSEUDONYM_HEX_LENGTH);
    assert.ok(isPseudonym(a));
  });

  test('matches HMAC-SHA256 computed independently', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SALT).update('buyer-7').digest('hex').slice(0, 32);
    assert.equal(pseudonymiseId('buyer-7', SALT), expected);
  });

  test('differs across salts and across ids', () => {
    assert.notEqual(pseudonymiseId('u1', SALT), pseudonymiseId('u1', `${SALT}x`));
    assert.notEqual(pseudonymiseId('u1', SALT), pseudonymiseId('u2', SALT));
  });

  test('null for null, undefined, empty, blank and non-finite ids', () => {
    for (const id of [null, undefined, '', '   ', Number.NaN, Infinity]) assert.equal(pseudonymiseId(id as never, SALT), null);
  });

  test('numbers, bigints and padded strings hash like their trimmed decimal text', () => {
    assert.equal(pseudonymiseId(42, SALT), pseudonymiseId('42', SALT));
    assert.equal(pseudonymiseId(42n, SALT), pseudonymiseId(' 42 ', SALT));
  });

  test('never returns the input, even for inputs that look like hashes', () => {
    for (let i = 0; i < 500; i++) {
      const id = (i * 2654435761).toString(16).padStart(32, '0').slice(0, 32);
      const h = pseudonymiseId(id, SALT);
      assert.notEqual(h, id);
      assert.notEqual(pseudonymiseId(h, SALT), h);
    }
  });

  test('rejects an empty salt (configuration error)', () => {
    assert.throws(() => pseudonymiseId('x', ''), TypeError);
  });
});

describe('stripPersonalData', () => {
  test('drops names, e-mails, usernames and the id column; keeps the hash and the other columns', () => {
    const source = {
      review_id: 1,
      buyer_id: 'B1',
      buyer_name: 'Jane Doe',
      Email: 'jane@example.com',
      'reviews.username': 'jdoe',
      ProfileName: 'Jane',
      contact_phone: '+33 1 23',
      product_name: 'Kettle',
      r_desc: 'good',
    };
    const { row, userHash, removedColumns } = stripPersonalData(source, { salt: SALT, idColumns: ['buyer_id'] });
    assert.deepEqual(row, { review_id: 1, product_name: 'Kettle', r_desc: 'good' });
    assert.equal(userHash, pseudonymiseId('B1', SALT));
    assert.deepEqual(removedColumns.sort(), ['Email', 'ProfileName', 'buyer_id', 'buyer_name', 'contact_phone', 'reviews.username'].sort());
    assert.equal(source.buyer_name, 'Jane Doe', 'input untouched');
    assert.ok(!JSON.stringify(row).includes('jane'));
  });

  test('falls back to the next id column and drops extra columns', () => {
    const { row, userHash } = stripPersonalData(
      { user_id: '', customer_id: 'C9', note: 'x', secret: 's' },
      { salt: SALT, idColumns: ['user_id', 'customer_id'], extraColumns: ['secret'] },
    );
    assert.equal(userHash, pseudonymiseId('C9', SALT));
    assert.deepEqual(row, { note: 'x' });
  });

  test('no id gives a null hash', () => {
    assert.equal(stripPersonalData({ a: 1 }, { salt: SALT, idColumns: ['buyer_id'] }).userHash, null);
  });

  test('a __proto__ key is copied as data, never as a prototype', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const { row } = stripPersonalData(source, { salt: SALT, idColumns: [] });
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.equal((row as { polluted?: unknown }).polluted, undefined);
    assert.ok(Object.prototype.hasOwnProperty.call(row, '__proto__'));
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  test('column classification', () => {
    for (const c of ['email', 'E-Mail', 'buyerEmail', 'user_name', 'first_name', 'phone_number']) assert.ok(isPersonalDataColumn(c), c);
    for (const c of ['product_name', 'brand', 'rating', 'title', 'r_desc']) assert.ok(!isPersonalDataColumn(c), c);
  });
});
