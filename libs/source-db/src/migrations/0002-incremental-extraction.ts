import type { Migration } from './migration';

/**
 * What incremental (keyset-watermark) extraction needs on top of the original schema.
 * - review.updated_at is maintained by a trigger: an UPDATE that does not set it explicitly gets
 *   clock_timestamp() (distinct per row, microsecond precision). Setting it explicitly is kept
 *   (backfills, tests).
 * - (updated_at, review_id) index serves the keyset scan; the other indexes serve the derived flags.
 * Written with IF NOT EXISTS so it also applies to an existing deployment that already has some of it.
 */
export const incrementalExtraction: Migration = {
  version: 2,
  name: 'incremental_extraction',
  sql: `
ALTER TABLE review
  ADD COLUMN IF NOT EXISTS created_at    timestamptz DEFAULT now(),
  ADD COLUMN IF NOT EXISTS updated_at    timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN IF NOT EXISTS helpful_votes integer DEFAULT 0,
  ADD COLUMN IF NOT EXISTS total_votes   integer DEFAULT 0,
  ADD COLUMN IF NOT EXISTS language      text;

CREATE OR REPLACE FUNCTION reviewlens_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := clock_timestamp();
  END IF;
  RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS review_touch_updated_at ON review;
CREATE TRIGGER review_touch_updated_at
  BEFORE UPDATE ON review
  FOR EACH ROW EXECUTE FUNCTION reviewlens_touch_updated_at();

CREATE INDEX IF NOT EXISTS review_updated_at_review_id_idx ON review (updated_at, review_id);
CREATE INDEX IF NOT EXISTS review_buyer_id_idx ON review (buyer_id);
CREATE INDEX IF NOT EXISTS orders_buyer_id_p_id_idx ON orders (buyer_id, p_id);
CREATE INDEX IF NOT EXISTS subscription_buyer_id_idx ON subscription (buyer_id);
CREATE INDEX IF NOT EXISTS product_reviews_p_id_idx ON product_reviews (p_id);
`,
};
