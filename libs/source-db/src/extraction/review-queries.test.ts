import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSourceMapping } from '../mapping/load-source-mapping';
import { DEFAULT_SOURCE_MAPPING } from '../mapping/source-mapping';
import { buildReviewQueries } from './review-queries';

describe('buildReviewQueries', () => {
  test('default mapping: keyset, bound, order and parameters', () => {
    const q = buildReviewQueries(DEFAULT_SOURCE_MAPPING);
    assert.match(q.nextPage, /WHERE \(r\."updated_at", r\."review_id"\) > \(\$1::timestamptz, \$2\) AND r\."updated_at" <= \$3::timestamptz/);
    assert.match(q.nextPage, /ORDER BY r\."updated_at", r\."review_id"\s+LIMIT \$4$/);
    assert.match(q.firstPage, /WHERE r\."updated_at" <= \$1::timestamptz\s+ORDER BY .*\s+LIMIT \$2$/);
    assert.match(q.nextPage, /LEFT JOIN LATERAL \(SELECT x\."p_id" AS product_id FROM "product_reviews" x/);
    assert.match(q.anyRowAfter, /^SELECT true AS found FROM "review" r WHERE \(r\."updated_at", r\."review_id"\) > \(\$1::timestamptz, \$2\) ORDER BY r\."updated_at", r\."review_id" LIMIT 1$/);
    assert.equal(q.anyRow, 'SELECT true AS found FROM "review" r LIMIT 1');
    assert.match(q.upperBound, /to_char\(max\(r\."updated_at"\) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS\.US"Z"'\)/);
  });

  test('hostile names stay identifiers; absent columns and tables become NULL / false', () => {
    const m = parseSourceMapping({
      schema: 'le"gacy',
      review: { table: 'rev"; DROP TABLE review; --', columns: { language: null, createdAt: null } },
      reviewImages: null,
      subscription: { columns: { active: null } },
    });
    const q = buildReviewQueries(m);
    assert.ok(q.nextPage.includes('FROM "le""gacy"."rev""; DROP TABLE review; --" r'));
    assert.match(q.nextPage, /NULL AS language/);
    assert.match(q.nextPage, /NULL::text AS created_at/);
    assert.match(q.nextPage, /false AS has_image/);
    assert.match(q.nextPage, /s\."buyer_id" = r\."buyer_id" LIMIT 1\) IS NOT NULL\) AS has_subscription/);
  });
});
