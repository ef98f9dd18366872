// Downloads one file resume-safely: <dest>.part (continued with an HTTP Range request), verified
// (size, sha256 where known), then renamed to <dest>. Every network wait has a timeout.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { sha256FromHeaders, sizeFromHeaders } from './hub-files.mjs';

export const DEFAULT_TIMEOUTS = { connectMs: 15_000, idleMs: 30_000 };

export class DownloadError extends Error {
  constructor(message, { kind = 'failed', cause } = {}) {
    super(message, { cause });
    this.name = 'DownloadError';
    this.kind = kind; // 'unreachable' | 'not-found' | 'denied' | 'verify' | 'failed'
  }
}

const NETWORK_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** Turns a fetch failure into a one-line reason; `unreachable` is true for network-level failures. */
export function describeFetchError(err, url, timeoutMs) {
  const host = new URL(url).host;
  const cause = err?.cause ?? err;
  const code = cause?.code ?? cause?.name ?? err?.name;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError' || code === 'TimeoutError') {
    return { unreachable: true, reason: `no answer from ${host} within ${Number((timeoutMs / 1000).toFixed(1))} s` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { unreachable: true, reason: `cannot resolve ${host} (${code}): no DNS / no internet on this machine` };
  }
  if (NETWORK_CODES.has(code)) return { unreachable: true, reason: `cannot connect to ${host} (${code})` };
  return { unreachable: false, reason: `${err?.message ?? err}${code ? ` (${code})` : ''}` };
}

async function timedFetch(url, init, timeoutMs) {
  try {
    return await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const { unreachable, reason } = describeFetchError(err, url, timeoutMs);
    throw new DownloadError(`${url}: ${reason}`, { kind: unreachable ? 'unreachable' : 'failed', cause: err });
  }
}

function checkStatus(res, url) {
  if (res.status === 404) throw new DownloadError(`${url}: not found (404)`, { kind: 'not-found' });
  if (res.status === 401 || res.status === 403) {
    throw new DownloadError(`${url}: access denied (${res.status}); gated model? set HF_TOKEN`, { kind: 'denied' });
  }
}

export async function sha256File(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** Verified against size and sha256 where given; returns a reason string when it does not match. */
export async function mismatch(file, expected) {
  const size = statSync(file).size;
  if (expected.size !== undefined && size !== expected.size) return `size ${size} != expected ${expected.size}`;
  if (expected.sha256 && (await sha256File(file)) !== expected.sha256) return `sha256 differs from ${expected.sha256}`;
  return undefined;
}

/** Merges what the hub announces with a known pointer; a disagreement is an error. */
export function mergeExpected(fromPointer, fromHeaders, url) {
  if (fromPointer?.sha256 && fromHeaders.sha256 && fromPointer.sha256 !== fromHeaders.sha256) {
    throw new DownloadError(`${url}: hub sha256 ${fromHeaders.sha256} differs from the known pointer ${fromPointer.sha256}`, { kind: 'verify' });
  }
  return { size: fromPointer?.size ?? fromHeaders.size, sha256: fromPointer?.sha256 ?? fromHeaders.sha256 };
}

function authHeaders(token) {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * @returns {Promise<{status: 'downloaded'|'present'|'absent', bytes?: number, sha256?: string, resumedFrom?: number}>}
 */
export async function downloadFile({
  url, dest, pointer, optional = false, token, timeouts = DEFAULT_TIMEOUTS, onStart = () => {}, onProgress = () => {},
}) {
  const head = await timedFetch(url, { method: 'HEAD', redirect: 'manual', headers: authHeaders(token) }, timeouts.connectMs);
  if (head.status === 404 && optional) return { status: 'absent' };
  checkStatus(head, url);
  if (head.status >= 400) throw new DownloadError(`${url}: HTTP ${head.status}`);
  const expected = mergeExpected(pointer, { sha256: sha256FromHeaders(head.headers), size: sizeFromHeaders(head.headers, head.status) }, url);

  if (existsSync(dest) && expected.size !== undefined && !(await mismatch(dest, expected))) {
    return { status: 'present', bytes: statSync(dest).size, sha256: expected.sha256 };
  }

  await mkdir(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  let start = existsSync(part) ? statSync(part).size : 0;
  if (expected.size !== undefined && start > expected.size) {
    await rm(part);
    start = 0;
  }
  const resumedFrom = start;

  if (expected.size === undefined || start < expected.size) {
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeouts.connectMs);
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeouts.idleMs);
    };
    try {
      const headers = { ...authHeaders(token), ...(start > 0 ? { range: `bytes=${start}-` } : {}) };
      const res = await timedFetch(url, { headers, signal: controller.signal }, timeouts.connectMs);
      checkStatus(res, url);
      if (res.status === 416 && start > 0) {
        // the .part may already be complete; verified below
      } else if (res.status !== 200 && res.status !== 206) {
        throw new DownloadError(`${url}: HTTP ${res.status}`);
      } else {
        if (res.status === 200) start = 0; // server ignored the range: start over
        if (expected.size === undefined && res.status === 200) expected.size = sizeFromHeaders(res.headers, 200);
        const total = expected.size;
        onStart({ total, start });
        const out = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' });
        let received = start;
        try {
          rearm();
          for await (const chunk of res.body) {
            rearm();
            received += chunk.length;
            if (!out.write(chunk)) await once(out, 'drain');
            onProgress(received, total);
          }
        } catch (err) {
          const timeoutMs = controller.signal.aborted ? timeouts.idleMs : timeouts.connectMs;
          const { unreachable, reason } = describeFetchError(controller.signal.aborted ? controller.signal.reason : err, url, timeoutMs);
          throw new DownloadError(`${url}: download interrupted at ${received} bytes: ${reason} (rerun to resume)`, {
            kind: unreachable ? 'unreachable' : 'failed', cause: err,
          });
        } finally {
          out.end();
          await once(out, 'close');
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  const problem = await mismatch(part, expected);
  if (problem) {
    await rm(part, { force: true });
    throw new DownloadError(`${url}: downloaded file failed verification: ${problem}`, { kind: 'verify' });
  }
  await rename(part, dest);
  return { status: 'downloaded', bytes: statSync(dest).size, sha256: expected.sha256 ?? (await sha256File(dest)), resumedFrom };
}
