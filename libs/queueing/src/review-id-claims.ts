/** How long a run's claims are kept: dead-letter replays of the run still need them (30 days). */
export const REVIEW_ID_CLAIM_RETENTION_S = 30 * 24 * 3_600;

/** The part of an ioredis client the claims use. */
export interface ClaimsRedis {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// KEYS[1]: the run's claims hash (field = review id, value = holding batch). ARGV[1]: batch id, ARGV[2]: TTL in
// seconds, ARGV[3..]: the batch's ids. Returns the ids another batch holds. Atomic: Redis runs a script alone.
const CLAIM_SCRIPT = `
local held = {}
for i = 3, #ARGV do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1]) == 0 then
    if redis.call('HGET', KEYS[1], ARGV[i]) ~= ARGV[1] then held[#held + 1] = ARGV[i] end
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return held`;

/** Ids per script call: bounds the time Redis spends in one script (about 1 ms per 1,000 ids here). */
const CLAIM_CHUNK = 5_000;

/**
 * The cleaned review ids of each run, held by the first batch that accepted them. Two source rows whose ids only become
 * equal after normalisation (`' R1'` and `'R1'`) can land in different batches, which the cleaner sees one at a time:
 * the claim tells the second batch that the id is taken. Claims live in one Redis hash per run
 * (`<prefix>:claims:<runId>`), set by a script (HSETNX per id), so concurrent cleaner replicas agree on one holder and
 * a retried batch finds its own claims again; the hash expires {@link REVIEW_ID_CLAIM_RETENTION_S} after the run's
 * last claim. One round trip per batch (ADR 0005: the previous MongoDB claim documents cost 0.1 ms per row on FerretDB).
 * Memory: about 70 bytes per claimed id (measured with MEMORY USAGE, see docs/performance.md).
 */
export class ReviewIdClaims {
  constructor(
    private readonly redis: () => Promise<ClaimsRedis>,
    private readonly prefix = 'bull',
    private readonly ttlSeconds = REVIEW_ID_CLAIM_RETENTION_S,
  ) {}

  /** Redis key of a run's claims. */
  keyOf(runId: string): string { return `${this.prefix}:claims:${runId}`; }

  /**
   * Claims the ids for the batch and returns those another batch of the run holds already.
   * @throws the Redis client's error when Redis is unreachable (the job is retried like any outage).
   */
  async claim(runId: string, batchId: string, reviewIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(reviewIds)];
    const held = new Set<string>();
    if (ids.length === 0) return held;
    const client = await this.redis();
    for (let i = 0; i < ids.length; i += CLAIM_CHUNK) {
      const out = await client.eval(CLAIM_SCRIPT, 1, this.keyOf(runId), batchId, this.ttlSeconds, ...ids.slice(i, i + CLAIM_CHUNK));
      for (const id of out as string[]) held.add(id);
    }
    return held;
  }
}
