import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceId, MAX_ID_LENGTH } from '../coerce-fields';
import { checkReviewDateOptions, parseDateFloor, parseReviewDate, type ReviewDateOptions } from './review-date';
import { storableText } from './storable-text';
import { hasVisibleText, trimInvisible, visibleOrNull } from './visible-text';

const iso = (value: unknown, options: ReviewDateOptions = {}) => {
  const r = parseReviewDate(value, options);
  return r.ok ? r.iso : `invalid: ${r.detail}`;
};

describe('hasVisibleText: "empty" means no visible character', () => {
  const blanks = [
    '', ' \t\n', '\u00a0', '\u3000', '\u2007\u202f\u205f', '\u2028\u2029', '\u200b\u200c\u200d\u2060\ufeff', '\u200e\u200f',
    '\u202a\u202e\u2066\u2069', '\u3164', '\u115f\u1160', '\uffa0', '\u2800', '\u00ad', '\u034f', '\ufe0f', '\u{e0041}\u{e007f}',
    '\u180e', '\u17b4\u17b5', '\u2061\u2062\u2063\u2064', '\u{1d173}\u{1d17a}', '\u{1bca0}', '\ufff9', '\u0301\u0301', '\u{1d159}',
    '\u0000\u0007', '\u061c', '\ufffc',
  ];
  for (const text of blanks) {
    test(`blank: ${[...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ') || '(empty)'}`, () => {
      assert.equal(hasVisibleText(text), false);
      assert.equal(hasVisibleText(` ${text} `), false);
      assert.equal(visibleOrNull(text), null);
    });
  }
  test('visible: letters, digits, punctuation, emoji, CJK, marks on a base, private use', () => {
    for (const text of ['a', '5', '.', '👍', '\u{1f44d}\u{1f3fd}', '好', 'e\u0301', '\ue000', '\u3164a', '-', '\u2801']) {
      assert.equal(hasVisibleText(text), true, JSON.stringify(text));
    }
  });
  test('trimInvisible drops padding only at the edges, keeps marks and inner characters', () => {
    assert.equal(trimInvisible('\t\u200bB00X \u00a0\u3000'), 'B00X');
    assert.equal(trimInvisible('cafe\u0301'), 'cafe\u0301');
    assert.equal(trimInvisible('a b'), 'a b');
  });
});

describe('storableText: what PostgreSQL text can hold', () => {
  test('NUL dropped, everything else kept', () => {
    assert.equal(storableText('a\u0000b\u0000'), 'ab');
    assert.equal(storableText('héllo\t'), 'héllo\t');
    assert.equal(storableText(null), null);
  });
});

describe('coerceId: one identifier rule', () => {
  test('padding of every kind and NUL dropped; case and inner characters kept', () => {
    for (const raw of ['FQ11A0001', 'FQ11A0001 ', '\tFQ11A0001', '\u00a0FQ11A0001\u200b', '\u3000FQ11A0001\r\n', 'FQ11A\u00000001', '\ufeffFQ11A0001']) {
      assert.deepEqual(coerceId(raw), { ok: true, id: 'FQ11A0001' }, JSON.stringify(raw));
    }
    assert.deepEqual(coerceId('fq11a0001'), { ok: true, id: 'fq11a0001' });
  });
  test('refused: blank, invisible-only, control inside, too long, bad UTF-16', () => {
    for (const bad of ['', ' ', '\u200b\u3164'.slice(0, 1), 'FQ\t11', 'FQ\n11', 'FQ\u008511', 'x'.repeat(MAX_ID_LENGTH + 1), 'a\ud800', 'a\ufffd']) {
      assert.equal(coerceId(bad).ok, false, JSON.stringify(bad));
    }
    assert.equal(coerceId('x'.repeat(MAX_ID_LENGTH)).ok, true);
  });
});

describe('parseReviewDate: one strict date rule', () => {
  test('ISO 8601 with a zone is that instant', () => {
    assert.equal(iso('2017-09-03T10:00:00.000Z'), '2017-09-03T10:00:00.000Z');
    assert.equal(iso('2017-09-03T12:00:00+02:00'), '2017-09-03T10:00:00.000Z');
    assert.equal(iso('2017-09-03 10:00:00.123456+00'), '2017-09-03T10:00:00.123Z');
    assert.equal(iso('2017-09-03T05:30:00-0430'), '2017-09-03T10:00:00.000Z');
    assert.equal(iso('2017-09-03T10:00:00Z', { timezone: 'Asia/Tokyo' }), '2017-09-03T10:00:00.000Z', 'a zone in the value wins');
  });
  test('zone-less values are UTC, or the given zone (DST included)', () => {
    assert.equal(iso('2017-09-03 10:00:00'), '2017-09-03T10:00:00.000Z');
    assert.equal(iso('2017-09-03'), '2017-09-03T00:00:00.000Z');
    assert.equal(iso('2017-09-03T10:00'), '2017-09-03T10:00:00.000Z');
    assert.equal(iso('2017-09-03 10:00:00', { timezone: 'Asia/Tokyo' }), '2017-09-03T01:00:00.000Z');
    assert.equal(iso('2017-09-03 10:00:00', { timezone: 'America/Los_Angeles' }), '2017-09-03T17:00:00.000Z');
    assert.equal(iso('2017-01-03 10:00:00', { timezone: 'America/Los_Angeles' }), '2017-01-03T18:00:00.000Z');
  });
  test('never depends on the machine time zone', () => {
    const saved = process.env.TZ;
    const values = ['2017-09-03 10:00:00', '2017-09-03', '03/09/2017', 1504432800];
    const under = (tz: string) => {
      process.env.TZ = tz;
      return values.map((v) => iso(v, { dateFormat: 'dmy' }));
    };
    try {
      const utc = under('UTC');
      assert.deepEqual(under('Asia/Tokyo'), utc);
      assert.deepEqual(under('America/Los_Angeles'), utc);
      assert.deepEqual(utc, ['2017-09-03T10:00:00.000Z', '2017-09-03T00:00:00.000Z', '2017-09-03T00:00:00.000Z', '2017-09-03T10:00:00.000Z']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
  test('day/month dates need the order; ambiguous ones are refused with a reason', () => {
    for (const text of ['09/03/2017', '03/09/2017', '31/12/2017', '3.9.2017', '03-09-2017 10:00']) {
      const r = parseReviewDate(text);
      assert.equal(r.ok, false, text);
      assert.match((r as { detail: string }).detail, /day\/month order/);
    }
    assert.equal(iso('03/09/2017', { dateFormat: 'dmy' }), '2017-09-03T00:00:00.000Z');
    assert.equal(iso('09/03/2017', { dateFormat: 'mdy' }), '2017-09-03T00:00:00.000Z');
    assert.equal(iso('31/12/2017 23:30', { dateFormat: 'dmy', timezone: 'Europe/Paris' }), '2017-12-31T22:30:00.000Z');
    assert.match(iso('31/12/2017', { dateFormat: 'mdy' })!, /invalid/);
    assert.equal(iso('Sep 3, 2017', { dateFormat: 'LLL d, yyyy' }), '2017-09-03T00:00:00.000Z');
  });
  test('epochs: unit detected by magnitude or given', () => {
    assert.equal(iso(1588687728923), '2020-05-05T14:08:48.923Z');
    assert.equal(iso(1588687728), '2020-05-05T14:08:48.000Z');
    assert.equal(iso('1588687728923'), '2020-05-05T14:08:48.923Z');
    assert.equal(iso(1588687728, { epochUnit: 'ms' })?.startsWith('invalid'), true, '1970 in ms: before the floor');
    assert.match(iso(1588687728923000)!, /unknown unit/);
  });
  test('before the floor, impossible or unreadable: invalid_date with a reason', () => {
    for (const bad of [-1, -62135596800000, 0, '1969-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z', '1994-12-31T23:59:59Z',
      '2017-02-30', '2017-09-03T24:00:00Z', 'yesterday', '2017-W35', '2017-246', '10:00', '20170903', 'NaN', '2017-09-03T10:00:00+25:00']) {
      const r = parseReviewDate(bad);
      assert.equal(r.ok, false, String(bad));
      assert.equal((r as { reason: string }).reason, 'invalid_date');
    }
    assert.equal(iso('1995-01-01T00:00:00Z'), '1995-01-01T00:00:00.000Z');
    assert.equal(iso('1990-06-01', { floorMs: parseDateFloor('1980-01-01') }), '1990-06-01T00:00:00.000Z');
  });
  test('absent values are null; bad options throw', () => {
    assert.equal(iso(null), null);
    assert.equal(iso('  '), null);
    assert.throws(() => checkReviewDateOptions({ timezone: 'Mars/Base' }), /unknown time zone/);
    assert.throws(() => parseDateFloor('01/01/1995'), /not an ISO 8601 date/);
    checkReviewDateOptions({ timezone: 'Europe/Paris', dateFormat: 'dmy', epochUnit: 's' });
  });
});
