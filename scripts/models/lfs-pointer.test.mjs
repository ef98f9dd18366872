import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseLfsPointer, pointerFor } from './lfs-pointer.mjs';

const SHA = '759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e';
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${SHA}\nsize 90387606\n`;

describe('parseLfsPointer', () => {
  test('reads sha256 and size', () => {
    assert.deepEqual(parseLfsPointer(POINTER), { sha256: SHA, size: 90387606 });
  });
  test('accepts CRLF line ends', () => {
    assert.deepEqual(parseLfsPointer(POINTER.replace(/\n/g, '\r\n')), { sha256: SHA, size: 90387606 });
  });
  test('rejects text that is not a pointer', () => {
    assert.throws(() => parseLfsPointer('{"architectures": ["BertModel"]}'), /malformed|not a Git LFS pointer/);
    assert.throws(() => parseLfsPointer(POINTER.replace('sha256:', 'sha1:')), /no sha256 oid/);
    assert.throws(() => parseLfsPointer(POINTER.replace('size 90387606', 'size -3')), /invalid size/);
  });
  const sharedPointers = path.resolve(import.meta.dirname, '../../../shared/models/Xenova/all-MiniLM-L6-v2/lfs-pointers');
  test('parses the pointers shipped in ../shared when present', { skip: !existsSync(sharedPointers) && 'no ../shared' }, () => {
    const dir = sharedPointers;
    const quantized = pointerFor(dir, 'onnx/model_quantized.onnx');
    assert.equal(quantized.size, 22972370);
    assert.match(quantized.sha256, /^[0-9a-f]{64}$/);
  });
});

describe('pointerFor', () => {
  test('finds <basename>.pointer and is undefined without one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lfs-'));
    writeFileSync(path.join(dir, 'model.onnx.pointer'), POINTER);
    assert.equal(pointerFor(dir, 'onnx/model.onnx').size, 90387606);
    assert.equal(pointerFor(dir, 'onnx/model_quantized.onnx'), undefined);
    assert.equal(pointerFor(undefined, 'onnx/model.onnx'), undefined);
  });
});
