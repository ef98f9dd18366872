import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { filesFor, resolveUrl, sha256FromHeaders, sizeFromHeaders, validateModelId } from './hub-files.mjs';

const SHA = 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1';

describe('resolveUrl', () => {
  test('builds the hub resolve URL for a nested file', () => {
    assert.equal(
      resolveUrl('Xenova/all-MiniLM-L6-v2', 'onnx/model_quantized.onnx'),
      'https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/onnx/model_quantized.onnx',
    );
  });
  test('honours endpoint (trailing slash trimmed) and encodes the revision', () => {
    assert.equal(
      resolveUrl('Xenova/x', 'config.json', { endpoint: 'http://127.0.0.1:9/', revision: 'refs/pr/1' }),
      'http://127.0.0.1:9/Xenova/x/resolve/refs%2Fpr%2F1/config.json',
    );
  });
  test('rejects path traversal and malformed ids', () => {
    assert.throws(() => resolveUrl('Xenova/x', '../secret'), /invalid file path/);
    assert.throws(() => resolveUrl('Xenova/x', '/etc/passwd'), /invalid file path/);
    assert.throws(() => validateModelId('no-owner'), /invalid model id/);
    assert.throws(() => validateModelId('a/../b'), /invalid model id/);
    assert.equal(validateModelId('Xenova/distilbert-base-uncased-mnli'), 'Xenova/distilbert-base-uncased-mnli');
  });
});

describe('filesFor', () => {
  test('lists base files plus one onnx file per dtype', () => {
    const paths = filesFor(['q8']).map((f) => f.path);
    assert.deepEqual(paths, ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'onnx/model_quantized.onnx']);
    assert.equal(filesFor(['fp32', 'q8']).filter((f) => f.path.startsWith('onnx/')).length, 2);
  });
  test('rejects an unknown dtype', () => {
    assert.throws(() => filesFor(['fp16']), /unknown dtype/);
  });
});

describe('headers', () => {
  test('sha256 comes from X-Linked-Etag, quoted or weak', () => {
    assert.equal(sha256FromHeaders(new Headers({ 'x-linked-etag': `"${SHA}"` })), SHA);
    assert.equal(sha256FromHeaders(new Headers({ etag: `W/"${SHA.toUpperCase()}"` })), SHA);
  });
  test('a git sha1 etag is not taken for a sha256', () => {
    assert.equal(sha256FromHeaders(new Headers({ etag: '"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"' })), undefined);
  });
  test('size: X-Linked-Size wins; a redirect body length is ignored', () => {
    assert.equal(sizeFromHeaders(new Headers({ 'x-linked-size': '22972370', 'content-length': '1234' }), 302), 22972370);
    assert.equal(sizeFromHeaders(new Headers({ 'content-length': '1234' }), 302), undefined);
    assert.equal(sizeFromHeaders(new Headers({ 'content-length': '1234' }), 200), 1234);
  });
  test('size: a content-encoded length or garbage is ignored', () => {
    assert.equal(sizeFromHeaders(new Headers({ 'content-length': '10', 'content-encoding': 'gzip' }), 200), undefined);
    assert.equal(sizeFromHeaders(new Headers({ 'x-linked-size': '12abc' }), 200), undefined);
  });
});
