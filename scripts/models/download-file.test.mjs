// downloadFile against a loopback HTTP server that behaves like the hub (HEAD with X-Linked-* headers,
// Range support), plus servers that stall or refuse, to check verification, resume and timeouts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeFetchError, downloadFile } from './download-file.mjs';

const BODY = randomBytes(300_000);
const SHA = createHash('sha256').update(BODY).digest('hex');
const FAST = { connectMs: 500, idleMs: 300 };

function listen(handler) {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` }));
  });
}

describe('downloadFile', () => {
  let hub;
  const requests = [];
  before(async () => {
    hub = await listen((req, res) => {
      requests.push({ method: req.method, url: req.url, range: req.headers.range });
      if (req.url.startsWith('/missing')) return res.writeHead(404).end();
      if (req.url.startsWith('/stall')) {
        if (req.method === 'HEAD') return res.writeHead(200, { 'content-length': BODY.length }).end();
        res.writeHead(200, { 'content-length': BODY.length });
        res.write(BODY.subarray(0, 1000)); // then never finishes
        return;
      }
      if (req.method === 'HEAD') {
        return res.writeHead(302, { location: '/cdn', 'x-linked-etag': `"${SHA}"`, 'x-linked-size': BODY.length, 'content-length': 17 }).end();
      }
      const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (match) {
        const start = Number(match[1]);
        res.writeHead(206, { 'content-length': BODY.length - start, 'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}` });
        return res.end(BODY.subarray(start));
      }
      res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
    });
  });
  after(() => hub.server.close());

  const tmp = () => mkdtempSync(path.join(tmpdir(), 'dl-'));

  test('downloads, verifies the announced sha256 and renames the .part file', async () => {
    const dest = path.join(tmp(), 'onnx', 'model.onnx');
    let last = 0;
    const r = await downloadFile({ url: `${hub.base}/m/resolve/main/onnx/model.onnx`, dest, timeouts: FAST, onProgress: (n) => { last = n; } });
    assert.equal(r.status, 'downloaded');
    assert.equal(r.sha256, SHA);
    assert.deepEqual(readFileSync(dest), BODY);
    assert.equal(existsSync(`${dest}.part`), false);
    assert.equal(last, BODY.length);
  });

  test('resumes a partial download with a Range request', async () => {
    const dest = path.join(tmp(), 'model.onnx');
    writeFileSync(`${dest}.part`, BODY.subarray(0, 123_456));
    requests.length = 0;
    const r = await downloadFile({ url: `${hub.base}/m/model.onnx`, dest, timeouts: FAST });
    assert.equal(r.resumedFrom, 123_456);
    assert.ok(requests.some((q) => q.range === 'bytes=123456-'));
    assert.deepEqual(readFileSync(dest), BODY);
  });

  test('an existing verified file is not fetched again', async () => {
    const dest = path.join(tmp(), 'model.onnx');
    writeFileSync(dest, BODY);
    requests.length = 0;
    const r = await downloadFile({ url: `${hub.base}/m/model.onnx`, dest, timeouts: FAST });
    assert.equal(r.status, 'present');
    assert.deepEqual(requests.map((q) => q.method), ['HEAD']);
  });

  test('a sha256 mismatch fails and removes the .part file', async () => {
    const dest = path.join(tmp(), 'model.onnx');
    const pointer = { sha256: SHA, size: BODY.length };
    writeFileSync(`${dest}.part`, Buffer.alloc(1000, 7)); // corrupt prefix: resumed bytes are wrong
    await assert.rejects(
      downloadFile({ url: `${hub.base}/m/model.onnx`, dest, pointer, timeouts: FAST }),
      (err) => err.kind === 'verify' && /sha256 differs/.test(err.message),
    );
    assert.equal(existsSync(`${dest}.part`), false);
    assert.equal(existsSync(dest), false);
  });

  test('a known pointer that disagrees with the hub is refused before downloading', async () => {
    requests.length = 0;
    await assert.rejects(
      downloadFile({ url: `${hub.base}/m/model.onnx`, dest: path.join(tmp(), 'x'), pointer: { sha256: 'a'.repeat(64), size: 1 }, timeouts: FAST }),
      /differs from the known pointer/,
    );
    assert.deepEqual(requests.map((q) => q.method), ['HEAD']);
  });

  test('404: optional files are absent, required ones fail', async () => {
    const dest = path.join(tmp(), 'special_tokens_map.json');
    assert.deepEqual(await downloadFile({ url: `${hub.base}/missing/x`, dest, optional: true, timeouts: FAST }), { status: 'absent' });
    await assert.rejects(downloadFile({ url: `${hub.base}/missing/x`, dest, timeouts: FAST }), (e) => e.kind === 'not-found');
  });

  test('a body that stalls fails after the idle timeout and keeps the .part for resuming', async () => {
    const dest = path.join(tmp(), 'stalled.onnx');
    const started = Date.now();
    await assert.rejects(
      downloadFile({ url: `${hub.base}/stall/x`, dest, timeouts: FAST }),
      (e) => e.kind === 'unreachable' && /interrupted at 1000 bytes/.test(e.message),
    );
    assert.ok(Date.now() - started < 5000);
    assert.equal(statSync(`${dest}.part`).size, 1000);
  });
});

describe('unreachable hosts fail fast', () => {
  test('a server that never answers times out at the connect timeout', async () => {
    const silent = await listen(() => {}); // accepts, never responds
    const started = Date.now();
    await assert.rejects(
      downloadFile({ url: `${silent.base}/x`, dest: path.join(tmpdir(), 'never'), timeouts: { connectMs: 300, idleMs: 300 } }),
      (e) => e.kind === 'unreachable' && /no answer/.test(e.message),
    );
    assert.ok(Date.now() - started < 3000, 'must not hang');
    silent.server.closeAllConnections();
    silent.server.close();
  });

  test('a refused connection is reported as unreachable', async () => {
    const { server, base } = await listen(() => {});
    await new Promise((r) => server.close(r)); // port now closed
    await assert.rejects(
      downloadFile({ url: `${base}/x`, dest: path.join(tmpdir(), 'never'), timeouts: FAST }),
      (e) => e.kind === 'unreachable' && /ECONNREFUSED/.test(e.message),
    );
  });

  test('describeFetchError names DNS failures', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    const d = describeFetchError(err, 'https://huggingface.co/x', 1000);
    assert.equal(d.unreachable, true);
    assert.match(d.reason, /cannot resolve huggingface\.co/);
    assert.equal(describeFetchError(new Error('boom'), 'https://h/x', 1000).unreachable, false);
  });
});
