import { RUN_TRIGGERS } from '@reviewlens/contracts';
import type { Role } from '../auth/roles';

/**
 * The api's OpenAPI 3.1 document, written by hand (no @nestjs/swagger in this repo). A test checks that every
 * documented operation is routed (test/integration/api-read.test.ts).
 */
type Schema = Record<string, unknown>;
interface Op { summary: string; role?: Role; params?: Schema[]; body?: Schema; ok: { status: number; schema?: Schema; description?: string }; errors: number[]; tag: string }

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const obj = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({ type: 'object', properties, ...extra });
const counts: Schema = { type: 'object', additionalProperties: { type: 'integer' } };
const path = (name: string, description: string, schema: Schema = str()): Schema => ({ name, in: 'path', required: true, description, schema });
const query = (name: string, description: string, schema: Schema): Schema => ({ name, in: 'query', required: false, description, schema });

const productId = path('productId', 'Product id as in the source (1-200 characters)', str({ maxLength: 200 }));
const runId = path('runId', 'Run id', str({ pattern: '^[A-Za-z0-9_.-]{1,80}$' }));

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input', 401: 'Missing or unknown API key', 403: 'The key\'s role is not sufficient', 404: 'Not found',
  409: 'Conflict', 422: 'Snapshot cannot be loaded', 503: 'No snapshot loaded yet',
};

const OPS: Record<string, Record<string, Op>> = {
  '/v1/reviews/{productId}/top': { get: {
    tag: 'public', summary: 'Most relevant reviews of a product (relevance: docs/relevance.md). Alias: /reviews/{productId}/top',
    params: [productId,
      query('limit', '1-100, default 10', int({ minimum: 1, maximum: 100, default: 10 })),
      query('theme', 'Only reviews about this theme (exact label): any of its detected themes, not only the top one (single-label rows: the top theme)', str({ maxLength: 100 })),
      query('polarity', 'With theme: only reviews where that theme was detected with this polarity (400 without theme or on another value)', str({ enum: ['positive', 'negative', 'mixed'] })),
      query('minRating', 'Only ratings >= this', int({ minimum: 1, maximum: 5 })),
      query('language', 'Language tag; "en" also matches "en-GB"', str())],
    ok: { status: 200, schema: ref('TopReviews') }, errors: [400, 404, 503],
  } },
  '/v1/products/{productId}/summary': { get: {
    tag: 'public', summary: 'Rating and theme distributions of a product; per detected theme, reviews praising / criticising it and their mean sentiment', params: [productId],
    ok: { status: 200, schema: ref('ProductSummary') }, errors: [400, 404, 503],
  } },
  '/v1/themes/summary': { get: { tag: 'public', summary: 'Reviews per top theme, per legacy category (vw_reviews_by_category) and per detected theme by polarity, across the snapshot', ok: { status: 200, schema: ref('ThemesSummary') }, errors: [503] } },
  '/v1/quality': { get: {
    tag: 'public', summary: 'Reject rates by reason, per-run counts and freshness over the last runs', params: [query('runs', 'How many recent runs, 1-100, default 10', int({ minimum: 1, maximum: 100 }))],
    ok: { status: 200, schema: ref('Quality') }, errors: [400],
  } },
  '/v1/runs': {
    get: { tag: 'ops', role: 'analyst', summary: 'Recent run reports. Alias: /runs', params: [query('limit', '1-200, default 20', int({ minimum: 1, maximum: 200 }))], ok: { status: 200, schema: obj({ runs: { type: 'array', items: ref('RunReport') } }) }, errors: [400, 401, 403] },
    post: { tag: 'ops', role: 'engineer', summary: 'Trigger a run (one active run at a time); fromArchive rebuilds that run from the MongoDB archive without reading the source (404 when it archived nothing). Alias: POST /runs', body: obj({ runId: str({ pattern: '^[A-Za-z0-9_.-]{1,80}$' }), full: { type: 'boolean', default: false }, fromArchive: str({ pattern: '^[A-Za-z0-9_.-]{1,80}$' }) }, { additionalProperties: false }), ok: { status: 202, schema: obj({ runId: str(), status: str() }) }, errors: [400, 401, 403, 404, 409] },
  },
  '/v1/runs/{runId}': {
    get: { tag: 'ops', role: 'analyst', summary: 'One run\'s report. Alias: /runs/{runId}', params: [runId], ok: { status: 200, schema: ref('RunReport') }, errors: [400, 401, 403, 404] },
    delete: { tag: 'ops', role: 'engineer', summary: 'Cancel an active run: status cancelled, its waiting jobs removed, nothing it wrote published. 409 when already published, failed or cancelled', params: [runId], ok: { status: 200, schema: obj({ runId: { type: 'string' }, status: { type: 'string', enum: ['cancelled'] }, removedJobs: int(), jobsInFlight: int() }) }, errors: [400, 401, 403, 404, 409] },
  },
  '/v1/dead-letter': { get: {
    tag: 'ops', role: 'engineer', summary: 'Parked dead-letter entries. Alias: /dead-letter',
    params: [query('offset', '>= 0', int({ minimum: 0 })), query('limit', '1-500', int({ minimum: 1, maximum: 500 })), query('runId', 'Filter', str()), query('reason', 'Filter', str())],
    ok: { status: 200, schema: obj({ total: int(), entries: { type: 'array', items: obj({ id: str(), entry: { type: 'object' } }) } }) }, errors: [400, 401, 403],
  } },
  '/v1/dead-letter/{id}/replay': { post: { tag: 'ops', role: 'admin', summary: 'Re-enqueue an entry on its original queue; a failed job of a failed run resumes the run first (409 when a later run exists, another run is active, or the run was cancelled). Alias: /dead-letter/{id}/replay', params: [path('id', 'Dead-letter job id')], ok: { status: 202, schema: obj({ id: str(), queue: str(), jobId: str() }) }, errors: [401, 403, 404, 409] } },
  '/v1/rejects': { get: {
    tag: 'ops', role: 'engineer', summary: 'Rows rejected for their data (not failed jobs), newest first. Alias: /rejects',
    params: [query('offset', '>= 0', int({ minimum: 0 })), query('limit', '1-500', int({ minimum: 1, maximum: 500 })), query('runId', 'Filter', str()), query('reason', 'Filter (a reject reason)', str()), query('productId', 'Filter', str()), query('replayed', 'Include rejects already replayed (default false)', { type: 'string', enum: ['true', 'false'] })],
    ok: { status: 200, schema: obj({ total: int(), rejects: { type: 'array', items: obj({ id: str(), runId: str(), batchId: str(), reviewId: { type: ['string', 'null'] }, productId: { type: ['string', 'null'] }, reason: str(), detail: str(), at: str(), replayedAt: { type: ['string', 'null'] }, replayBatchId: { type: ['string', 'null'] }, row: { type: 'object' } }) } }) }, errors: [400, 401, 403],
  } },
  '/v1/rejects/replay': { post: { tag: 'ops', role: 'admin', summary: 'Send a published run\'s pending rejects (of one reason, or given ids) back to the cleaner after a rule change; the run\'s snapshot is republished with the rows now accepted. 409 unless the run is published. Alias: /rejects/replay', body: obj({ runId: str({ pattern: '^[A-Za-z0-9_.-]{1,80}$' }), reason: str(), ids: { type: 'array', items: str() } }, { required: ['runId'], additionalProperties: false }), ok: { status: 202, schema: obj({ runId: str(), replayed: int(), batches: { type: 'array', items: str() } }) }, errors: [400, 401, 403, 404, 409] } },
  '/v1/dead-letter/{id}': { delete: { tag: 'ops', role: 'admin', summary: 'Discard an entry. Alias: /dead-letter/{id}', params: [path('id', 'Dead-letter job id')], ok: { status: 204, description: 'Discarded' }, errors: [401, 403, 404] } },
  '/v1/snapshots': { get: { tag: 'ops', role: 'analyst', summary: 'Served snapshot and the runs that published one', ok: { status: 200, schema: obj({ current: ref('SnapshotStatus'), available: { type: 'array', items: obj({ runId: str(), served: { type: 'boolean' } }) } }) }, errors: [401, 403] } },
  '/v1/snapshots/current': { get: { tag: 'ops', role: 'analyst', summary: 'Served snapshot, its age, pin and last load failure', ok: { status: 200, schema: ref('SnapshotStatus') }, errors: [401, 403] } },
  '/v1/snapshots/pin': {
    put: { tag: 'ops', role: 'admin', summary: 'Load a run\'s snapshot and serve it on every replica until unpinned', body: obj({ runId: str() }, { required: ['runId'], additionalProperties: false }), ok: { status: 200, schema: ref('SnapshotStatus') }, errors: [400, 401, 403, 404, 422] },
    delete: { tag: 'ops', role: 'admin', summary: 'Follow curated/_latest.json again', ok: { status: 200, schema: ref('SnapshotStatus') }, errors: [401, 403] },
  },
  '/v1/snapshots/rollback': { post: { tag: 'ops', role: 'admin', summary: 'Pin the snapshot the served one replaced (or body.runId)', body: obj({ runId: str() }, { additionalProperties: false }), ok: { status: 200, schema: ref('SnapshotStatus') }, errors: [400, 401, 403, 404, 409, 422] } },
  '/health': { get: { tag: 'health', summary: 'Liveness (no I/O). 503 {status: unhealthy, problems} when a wedged client (MongoDB server monitor) needs a restart', ok: { status: 200, schema: obj({ status: str(), service: str(), uptimeSec: int() }) }, errors: [] } },
  '/ready': { get: { tag: 'health', summary: 'Readiness: Redis, MongoDB, snapshot loaded (and its age). 503 with the same body when not ready', ok: { status: 200, schema: { type: 'object' } }, errors: [] } },
  '/metrics': { get: { tag: 'health', summary: 'Prometheus metrics (text format)', ok: { status: 200, description: 'text/plain' }, errors: [] } },
};

function operation(op: Op): Schema {
  const responses: Record<string, Schema> = {
    [op.ok.status]: op.ok.schema ? { description: op.ok.description ?? 'OK', content: { 'application/json': { schema: op.ok.schema } } } : { description: op.ok.description ?? 'OK' },
  };
  for (const status of op.errors) responses[status] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: ref('Error') } } };
  return {
    tags: [op.tag], summary: op.summary,
    ...(op.role ? { security: [{ apiKey: [] }], description: `Requires the **${op.role}** role (or higher).` } : {}),
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
    responses,
  };
}

const num = (extra: Schema = {}): Schema => ({ type: 'number', ...extra });
const polarity = str({ enum: ['positive', 'negative', 'mixed'] });
const detectedTheme = obj({
  theme: str(), score: num({ minimum: 0, maximum: 1, description: 'Calibrated score; the theme is detected when it reaches its threshold' }),
  polarity, evidence: str({ type: ['string', 'null'], description: 'The title, sentence or clause of the review that carried the theme' }),
}, { required: ['theme', 'score', 'polarity', 'evidence'] });
const themePolarity: Schema = {
  type: 'object', description: 'Per detected theme, most mentioned first: reviews mentioning it, by polarity, and their mean sentiment',
  additionalProperties: obj({ reviews: int(), positive: int(), negative: int(), mixed: int(), averageSentiment: num({ type: ['number', 'null'], minimum: -1, maximum: 1 }) }),
};
const labelSummary = obj({ theme: str(), reviews: int(), share: num(), products: int(), averageRating: num(), averageConfidence: num(), ratingDistribution: counts });

const review = obj({
  reviewId: str(), rating: int(), title: str({ type: ['string', 'null'] }), text: str(),
  theme: str({ description: 'Top theme (highest score), kept for ranking and compatibility' }),
  confidence: num({ description: 'Score of the top theme, in [0, 1]' }),
  themeScores: { type: 'object', additionalProperties: { type: 'number' }, description: 'Every theme\'s score (aspect engine: independent calibrated scores, not a distribution)' },
  themes: { type: 'array', items: ref('DetectedTheme'), description: 'Themes detected in the review, highest score first; [] when none' },
  sentiment: num({ type: ['number', 'null'], minimum: -1, maximum: 1, description: 'Overall sentiment, -1 negative to 1 positive' }),
  sentimentLabel: str({ type: ['string', 'null'], enum: ['positive', 'negative', 'mixed', 'neutral', null] }),
  legacyCategory: str({ type: ['string', 'null'], description: 'The original system\'s label, derived from the themes (themes file legacyLabels)' }),
  detectedLanguage: str({ type: ['string', 'null'], description: 'Language detected from the text (ISO 639-1)' }),
  relevance: { type: 'number' }, helpfulVotes: int(), totalVotes: int(),
  language: { type: ['string', 'null'] }, createdAt: { type: ['string', 'null'] }, verifiedBuyer: { type: 'boolean' }, hasImage: { type: 'boolean' },
  modelId: str({ description: 'The model that classified this review' }), themesVersion: str(),
  sourceUpdatedAt: str({ type: ['string', 'null'], format: 'date-time', description: 'When this version of the review entered the source (its source updated_at), ISO 8601 UTC with milliseconds; null if unreadable' }),
});

const runFreshness = obj({
  sourceUpdatedAtMin: str({ format: 'date-time', description: 'Oldest source updatedAt among the rows the run extracted' }),
  sourceUpdatedAtMax: str({ format: 'date-time', description: 'Newest source updatedAt among the rows the run extracted' }),
  newestChangeLagSeconds: num({ type: ['number', 'null'], description: 'publishedAt - sourceUpdatedAtMax, seconds; null until published' }),
  oldestChangeLagSeconds: num({ type: ['number', 'null'], description: 'publishedAt - sourceUpdatedAtMin, seconds; null until published' }),
}, { description: 'Source updatedAt range of the run and how long its newest / oldest change waited until publish; null when unknown (runs recorded before these fields, or that extracted nothing)' });

export function openApiDocument(): Schema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ReviewLens gateway API', version: '1.0.0',
      description: 'Public read API over the served curated snapshot, and the ops API (x-api-key; roles analyst < engineer < admin). See docs/api.md.',
    },
    tags: [{ name: 'public', description: 'Open' }, { name: 'ops', description: 'API key required' }, { name: 'health', description: 'Probes and metrics' }],
    paths: Object.fromEntries(Object.entries(OPS).map(([p, ops]) => [p, Object.fromEntries(Object.entries(ops).map(([m, op]) => [m, operation(op)]))])),
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        Error: obj({ error: obj({ code: str(), message: str() }, { required: ['code', 'message'] }) }, { required: ['error'] }),
        Review: review,
        DetectedTheme: detectedTheme,
        TopReviews: obj({ productId: str(), snapshotId: str(), count: int(), reviews: { type: 'array', items: ref('Review') } }),
        ProductSummary: obj({
          snapshotId: str(), productId: str(), productName: { type: ['string', 'null'] }, category: { type: ['string', 'null'] }, brand: { type: ['string', 'null'] },
          reviews: int(), averageRating: { type: 'number' }, ratingDistribution: counts, themeDistribution: counts,
          themePolarity, averageSentiment: num({ type: ['number', 'null'], minimum: -1, maximum: 1 }), categoryDistribution: counts, languages: counts,
          verifiedBuyers: int(), withImage: int(), helpfulVotes: int(), totalVotes: int(), firstReviewAt: { type: ['string', 'null'] }, lastReviewAt: { type: ['string', 'null'] },
        }),
        ThemesSummary: obj({
          snapshotId: str(), reviews: int(), products: int(),
          themes: { type: 'array', items: labelSummary, description: 'Per top theme (each review once)' },
          categories: { type: 'array', items: labelSummary, description: 'Per legacy category (each review once; `theme` holds the category): vw_reviews_by_category' },
          themePolarity,
        }),
        Quality: obj({
          runs: int(), extracted: int(), rejected: int(), rejectRate: { type: 'number' }, rejectedByReason: { type: 'object' },
          lastRuns: { type: 'array', items: obj({
            runId: str(), status: str(), trigger: str({ enum: [...RUN_TRIGGERS] }), createdAt: str(), publishedAt: { type: ['string', 'null'] },
            durationMs: { type: ['integer', 'null'] }, extracted: int(), loaded: int(), rejected: int(), rejectRate: { type: 'number' }, rejectedByReason: { type: 'object' },
            invariantHolds: { type: ['boolean', 'null'] }, freshness: { oneOf: [ref('RunFreshness'), { type: 'null' }] },
          }) },
        }),
        RunFreshness: runFreshness,
        RunReport: { type: 'object', description: `libs/store RunReport: status, trigger (${RUN_TRIGGERS.join(', ')}), counts per stage, rejects by reason, durations, freshness (RunFreshness or null), error and failure (reason, stage, queue, batchId, error, at) when failed` },
        SnapshotStatus: obj({ snapshotId: { type: ['string', 'null'] }, runId: { type: ['string', 'null'] }, createdAt: { type: ['string', 'null'] }, ageSeconds: { type: ['integer', 'null'] }, rowCount: int(), products: int(), loadedAt: { type: ['string', 'null'] }, previousSnapshotId: { type: ['string', 'null'] }, pinnedRunId: { type: ['string', 'null'] }, failing: { type: ['object', 'null'] }, freshness: obj({ newestChangeAt: { type: ['string', 'null'] }, latestChangesRunId: { type: ['string', 'null'] }, oldestLatestChangeAt: { type: ['string', 'null'] } }) }),
      },
    },
  };
}
