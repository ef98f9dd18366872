import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHyparquetWriter } from './esm-modules';
import { LAYER_METADATA_KEY, ParquetCodecError, decodeRows, encodeRows } from './parquet-codec';
import { CURATED_COLUMNS } from './parquet-columns';
import { sampleCleaned, sampleCurated, sampleReject } from './test-rows';

const UNICODE = [
  'Emoji 👍🏽 family 👨‍👩‍👧 flag 🇫🇷',
  '中文评论：质量很好，物流很快。日本語のレビュー。한국어 리뷰',
  'Combining: e\u0301 vs \u00e9, A\u030A, Z\u0335\u0321\u0358',
  'RTL: مراجعة ممتازة — עברית',
  'zero width \u200b joiner, BOM \ufeff, NUL-free',
];

describe('parquet codec', () => {
  test('cleaned rows round trip with nulls and unicode', async () => {
    const rows = UNICODE.map((text, i) => sampleCleaned(i, { text, title: i === 1 ? null : text, brand: i % 2 ? null : 'Brända™' }));
    const file = await encodeRows('cleaned', rows);
    assert.equal(file.subarray(0, 4).toString(), 'PAR1');
    assert.deepEqual(await decodeRows('cleaned', file), rows);
  });

  test('curated rows round trip, themeScores exact doubles', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => sampleCurated(i));
    rows[3] = sampleCurated(3, { themeScores: {}, confidence: 0, relevance: -1.5e-300, productName: null });
    const decoded = await decodeRows('curated', await encodeRows('curated', rows));
    assert.deepEqual(decoded, rows);
    assert.equal(decoded[7].relevance, 0.123456789012345);
    assert.equal(decoded[7].themeScores['price value'], 0.1 / 3);
  });

  test('rejects rows round trip with nullable reviewId and detail', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => sampleReject(i));
    const decoded = await decodeRows('rejects', await encodeRows('rejects', rows));
    assert.deepEqual(decoded, rows);
    assert.equal(decoded[0].reviewId, null);
    assert.equal(decoded[0].detail, null);
    assert.deepEqual(JSON.parse(decoded[1].raw), { reviewId: 1, rating: 9, text: 'x' });
  });

  test('empty row arrays round trip for every layer', async () => {
    assert.deepEqual(await decodeRows('cleaned', await encodeRows('cleaned', [])), []);
    assert.deepEqual(await decodeRows('rejects', await encodeRows('rejects', [])), []);
    assert.deepEqual(await decodeRows('curated', await encodeRows('curated', [])), []);
  });

  test('all-null nullable columns and all-false booleans', async () => {
    const rows = [1, 2, 3].map((i) => sampleCleaned(i, {
      productName: null, category: null, brand: null, userHash: null, title: null, language: null, createdAt: null,
      hasImage: false, hasSubscription: false, verifiedBuyer: false,
    }));
    assert.deepEqual(await decodeRows('cleaned', await encodeRows('cleaned', rows)), rows);
  });

  test('large text (2 MB, multi-byte) round trips', async () => {
    const big = '长文本🙂 '.repeat(300_000);
    const rows = [sampleCleaned(1, { text: big, textLength: big.length }), sampleCleaned(2)];
    const decoded = await decodeRows('cleaned', await encodeRows('cleaned', rows));
    assert.equal(decoded[0].text.length, big.length);
    assert.equal(decoded[0].text, big);
    assert.deepEqual(decoded[1], rows[1]);
  });

  test('integers stay integers at the INT32 edges; out of range is refused', async () => {
    const rows = [sampleCleaned(1, { helpfulVotes: 2 ** 31 - 1, totalVotes: 0 })];
    assert.equal((await decodeRows('cleaned', await encodeRows('cleaned', rows)))[0].helpfulVotes, 2 ** 31 - 1);
    await assert.rejects(encodeRows('cleaned', [sampleCleaned(1, { helpfulVotes: 2 ** 31 })]), /helpfulVotes: integer .* outside INT32/);
    await assert.rejects(encodeRows('cleaned', [sampleCleaned(1, { rating: 2.5 })]), /rating: expected integer/);
  });

  test('null in a non-nullable column is refused with row and column', async () => {
    const bad = sampleCleaned(1, { text: null as unknown as string });
    await assert.rejects(encodeRows('cleaned', [sampleCleaned(0), bad]), (err: unknown) =>
      err instanceof ParquetCodecError && /row 1, column text: null/.test(err.message));
  });

  test('decoding a file of another layer or a damaged file fails clearly', async () => {
    const cleaned = await encodeRows('cleaned', [sampleCleaned(1)]);
    await assert.rejects(decodeRows('curated', cleaned), /layer "cleaned", expected "curated"/);
    await assert.rejects(decodeRows('cleaned', Buffer.from('not parquet at all')), ParquetCodecError);
    const truncated = cleaned.subarray(0, cleaned.length - 10);
    await assert.rejects(decodeRows('cleaned', truncated), ParquetCodecError);
  });

  test('curated aspect columns round trip: detected themes (JSON text), sentiment, legacy category, detected language', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => sampleCurated(i));
    const decoded = await decodeRows('curated', await encodeRows('curated', rows));
    assert.deepEqual(decoded, rows);
    assert.deepEqual(decoded[3].themes, [], 'no theme detected: []');
    assert.equal(decoded[2].themes[1]?.evidence, null);
    assert.equal(decoded[5].sentiment, null);
    assert.equal(decoded[0].legacyCategory, null);
  });

  test('a curated row without the aspect fields (older producer) is written with [] and nulls', async () => {
    const { themes: _t, sentiment: _s, sentimentLabel: _l, legacyCategory: _c, detectedLanguage: _d, ...old } = sampleCurated(1);
    const [row] = await decodeRows('curated', await encodeRows('curated', [old as never]));
    assert.deepEqual(row!.themes, []);
    assert.equal(row!.sentiment, null);
    assert.equal(row!.legacyCategory, null);
  });

  test('curated files written before the aspect columns existed still decode ([] and nulls)', async () => {
    const { parquetWriteBuffer } = await loadHyparquetWriter();
    const oldColumns = CURATED_COLUMNS.filter((c) => c.absentValue === undefined);
    assert.ok(oldColumns.length < CURATED_COLUMNS.length);
    const row = sampleCurated(1) as unknown as Record<string, unknown>;
    const type = { string: 'STRING', json: 'STRING', int32: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;
    const file = Buffer.from(parquetWriteBuffer({
      columnData: oldColumns.map((c) => ({
        name: c.name, type: type[c.kind], nullable: c.nullable,
        data: [c.kind === 'json' ? JSON.stringify(row[c.name]) : row[c.name]] as never,
      })),
      kvMetadata: [{ key: LAYER_METADATA_KEY, value: 'curated' }],
    }));
    const [decoded] = await decodeRows('curated', file);
    assert.equal(decoded!.reviewId, 'r1');
    assert.deepEqual(decoded!.themes, []);
    assert.equal(decoded!.sentiment, null);
    assert.equal(decoded!.sentimentLabel, null);
    assert.equal(decoded!.legacyCategory, null);
    assert.equal(decoded!.detectedLanguage, null);
  });
});
