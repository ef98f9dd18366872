import type { ExtractedBatch, ProductInfo } from '@reviewlens/contracts';

/**
 * Rows only a broken or hostile producer can put on the `clean` queue: the extractor reads typed PostgreSQL columns, so
 * wrong JSON types, lone UTF-16 surrogates or unknown product ids never come out of it. Each row says what the cleaner
 * must do with it.
 */
export interface QueueRow { row: Record<string, unknown>; reject: string | null; kind: string }

const DAY_MS = 86_400_000;

function row(id: unknown, productId: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reviewId: id, productId, userHash: null, title: 'ok', text: 'A fine product, works as described', rating: 4,
    helpfulVotes: 0, totalVotes: 0, language: 'en', hasImage: false, hasSubscription: false, verifiedBuyer: false,
    createdAt: '2024-06-01T12:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000000Z', ...over,
  };
}

const KINDS: { kind: string; reject: string | null; make: (id: string, product: string, now: number) => Record<string, unknown> }[] = [
  { kind: 'rating_string', reject: null, make: (id, p) => row(id, p, { rating: ' 5 ' }) },
  { kind: 'rating_boolean', reject: 'invalid_rating', make: (id, p) => row(id, p, { rating: true }) },
  { kind: 'rating_object', reject: 'invalid_rating', make: (id, p) => row(id, p, { rating: { $gt: 0 } }) },
  { kind: 'rating_fraction', reject: 'invalid_rating', make: (id, p) => row(id, p, { rating: 4.5 }) },
  { kind: 'review_id_object', reject: 'missing_review_id', make: (_id, p) => row({ $ne: null }, p) },
  { kind: 'review_id_blank', reject: 'missing_review_id', make: (_id, p) => row('   ', p) },
  { kind: 'review_id_too_long', reject: 'missing_review_id', make: (id, p) => row(`${id}-${'x'.repeat(300)}`, p) },
  { kind: 'product_id_missing', reject: 'missing_product_id', make: (id) => row(id, null) },
  { kind: 'product_id_array', reject: 'missing_product_id', make: (id) => row(id, ['p1']) },
  { kind: 'unknown_product', reject: 'unknown_product', make: (id) => row(id, 'no-such-product') },
  { kind: 'text_number', reject: 'invalid_type', make: (id, p) => row(id, p, { text: 42 }) },
  { kind: 'text_array', reject: 'invalid_type', make: (id, p) => row(id, p, { text: ['a', 'b'] }) },
  { kind: 'text_nested_object', reject: 'invalid_type', make: (id, p) => row(id, p, { text: { a: { b: { c: 'deep' } } } }) },
  { kind: 'text_lone_surrogate', reject: 'invalid_utf8', make: (id, p) => row(id, p, { text: 'broken \ud800 text' }) },
  { kind: 'title_lone_surrogate', reject: 'invalid_utf8', make: (id, p) => row(id, p, { title: 'bad \udc00' }) },
  { kind: 'updated_at_garbage', reject: 'invalid_date', make: (id, p) => row(id, p, { updatedAt: 'yesterday' }) },
  { kind: 'created_at_garbage', reject: 'invalid_date', make: (id, p) => row(id, p, { createdAt: '31/02/2024' }) },
  { kind: 'created_at_future', reject: 'future_date', make: (id, p, now) => row(id, p, { createdAt: new Date(now + 400 * DAY_MS).toISOString() }) },
  { kind: 'proto_pollution', reject: 'empty_review_raw', make: (id, p) => ({ ...row(id, p, { text: undefined }), ['__proto__']: { text: 'polluted' } }) },
  { kind: 'script_injection', reject: null, make: (id, p) => row(id, p, { text: '<script>fetch("//evil")</script><i>Handy</i> gadget' }) },
  { kind: 'numeric_review_id', reject: null, make: (_id, p, now) => row(now % 1_000_000_007, p) },
  // Issue 10's kinds: invisible-only text, padded ids, NUL, zone-less / day-first / pre-floor dates.
  { kind: 'invisible_text', reject: 'empty_review_raw', make: (id, p) => row(id, p, { text: '\u3164\u200e\u200f\u2800\u115f\ufe0f' }) },
  { kind: 'invisible_title', reject: null, make: (id, p) => row(id, p, { title: '\u3164\u2800' }) },
  { kind: 'product_id_padded', reject: null, make: (id, p) => row(id, `\t${p}\u00a0`) },
  { kind: 'text_with_nul', reject: null, make: (id, p) => row(id, p, { text: 'Fine\u0000 product', title: 'o\u0000k' }) },
  { kind: 'created_at_zoneless', reject: null, make: (id, p) => row(id, p, { createdAt: '2024-06-01 12:00:00' }) },
  { kind: 'created_at_day_first', reject: 'invalid_date', make: (id, p) => row(id, p, { createdAt: '03/09/2024' }) },
  { kind: 'created_at_before_floor', reject: 'invalid_date', make: (id, p) => row(id, p, { createdAt: '1969-12-31T23:59:59.999Z' }) },
];

/**
 * `batches` batches of `rowsPerBatch` rows for one synthetic run; every batch also carries one exact duplicate of its
 * first row (rejected as duplicate_review_id) and every 10th batch one 3 MB text (over the cleaner's hard limit).
 */
export function buildQueueCorpus(runId: string, batches: number, rowsPerBatch: number, now: number): { batches: ExtractedBatch[]; expected: QueueRow[][] } {
  const product: ProductInfo = { productId: `${runId}-p0`, name: 'Queue corpus product', category: 'kitchen', brand: 'Acme' };
  const out: ExtractedBatch[] = [];
  const expected: QueueRow[][] = [];
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const rows: QueueRow[] = [];
    for (let i = 0; i < rowsPerBatch; i++, n++) {
      const k = KINDS[n % KINDS.length]!;
      const id = `${runId}-q${String(n).padStart(6, '0')}`;
      const r = k.make(id, product.productId, now + n);
      rows.push({ row: r, reject: k.reject, kind: k.kind });
    }
    // An exact duplicate of a valid row: the first copy wins (same updatedAt), the second is rejected.
    const dupId = `${runId}-dup${b}`;
    rows.push({ row: row(dupId, product.productId), reject: null, kind: 'duplicate_first' });
    rows.push({ row: row(dupId, product.productId, { text: 'second copy' }), reject: 'duplicate_review_id', kind: 'duplicate_second' });
    if (b % 10 === 0) rows.push({ row: row(`${runId}-huge${b}`, product.productId, { text: 'y'.repeat(3 * 1_048_576) }), reject: 'text_too_long', kind: 'huge_text_3mb' });
    out.push({
      runId, batchId: `q${String(b).padStart(5, '0')}`, extractedAt: new Date(now).toISOString(),
      rows: rows.map((r) => r.row) as ExtractedBatch['rows'], products: { [product.productId]: product },
    });
    expected.push(rows);
  }
  return { batches: out, expected };
}

/** Payloads that break the batch contract itself: dead-lettered at once as invalid_payload, never retried. */
export function invalidPayloads(runId: string): unknown[] {
  return [
    { runId, batchId: 'bad-rows-type', extractedAt: 'x', rows: 'not-an-array', products: {} },
    { runId, batchId: 'bad-flag-type', extractedAt: 'x', rows: [row('flag-1', 'p', { hasImage: 'yes' })], products: {} },
    { runId: '../../etc/passwd', batchId: 'b1', extractedAt: 'x', rows: [], products: {} },
    'just a string',
  ];
}
