// Pure helpers: which files make a transformers.js model folder, and where the hub serves them.

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
// all-MiniLM-L6-v2 and multilingual-e5-small: the aspect engine (default); distilbert-mnli: the nli engine.
export const DEFAULT_MODELS = ['Xenova/all-MiniLM-L6-v2', 'Xenova/multilingual-e5-small', 'Xenova/distilbert-base-uncased-mnli'];

/** Files every model folder needs; `optional` ones may be absent on the hub (404 is not an error). */
export const BASE_FILES = [
  { path: 'config.json', optional: false },
  { path: 'tokenizer.json', optional: false },
  { path: 'tokenizer_config.json', optional: false },
  { path: 'special_tokens_map.json', optional: true },
];

export const ONNX_FILES = {
  fp32: 'onnx/model.onnx',
  q8: 'onnx/model_quantized.onnx',
};

const MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export function validateModelId(id) {
  if (!MODEL_ID.test(id) || id.includes('..')) {
    throw new Error(`invalid model id "${id}" (expected owner/name)`);
  }
  return id;
}

/** https://huggingface.co/<owner>/<name>/resolve/<revision>/<file>, each path segment encoded. */
export function resolveUrl(modelId, file, { endpoint = DEFAULT_ENDPOINT, revision = 'main' } = {}) {
  validateModelId(modelId);
  if (!file || file.startsWith('/') || file.split('/').includes('..')) {
    throw new Error(`invalid file path "${file}"`);
  }
  const base = endpoint.replace(/\/+$/, '');
  const segments = [...modelId.split('/'), 'resolve', revision, ...file.split('/')];
  return `${base}/${segments.map(encodeURIComponent).join('/')}`;
}

/** The list of files to fetch for one model and the requested dtypes (fp32, q8). */
export function filesFor(dtypes) {
  const unknown = dtypes.filter((d) => !(d in ONNX_FILES));
  if (unknown.length) {
    throw new Error(`unknown dtype(s) ${unknown.join(', ')}; use ${Object.keys(ONNX_FILES).join(', ')}`);
  }
  return [...BASE_FILES, ...dtypes.map((d) => ({ path: ONNX_FILES[d], optional: false }))];
}

/** sha256 announced by the hub for an LFS file: header X-Linked-Etag (or ETag) holding 64 hex chars. */
export function sha256FromHeaders(headers) {
  for (const name of ['x-linked-etag', 'etag']) {
    const value = headers.get(name);
    const match = value && /^(?:W\/)?"?([0-9a-f]{64})"?$/i.exec(value.trim());
    if (match) return match[1].toLowerCase();
  }
  return undefined;
}

/**
 * Expected size announced by the hub: X-Linked-Size (LFS files, also on the redirect), else the
 * Content-Length of a 200 answer that is not content-encoded (a redirect's length is its own body's).
 */
export function sizeFromHeaders(headers, status = 200) {
  const linked = headers.get('x-linked-size');
  const plain = status === 200 && !headers.get('content-encoding') ? headers.get('content-length') : null;
  const value = linked ?? plain;
  const size = value === null ? NaN : Number(value);
  return value !== null && /^\d+$/.test(value.trim()) && Number.isSafeInteger(size) ? size : undefined;
}
