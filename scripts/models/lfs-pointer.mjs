// Git LFS pointer files ("version …\noid sha256:<hex>\nsize <bytes>\n"): parse and look up.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function parseLfsPointer(text) {
  const fields = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const space = trimmed.indexOf(' ');
    if (space <= 0) throw new Error(`malformed LFS pointer line "${trimmed}"`);
    fields[trimmed.slice(0, space)] = trimmed.slice(space + 1);
  }
  if (!fields.version?.startsWith('https://git-lfs.github.com/spec/')) {
    throw new Error('not a Git LFS pointer (missing version line)');
  }
  const oid = /^sha256:([0-9a-f]{64})$/.exec(fields.oid ?? '');
  if (!oid) throw new Error(`LFS pointer has no sha256 oid ("${fields.oid}")`);
  const size = Number(fields.size);
  if (!/^\d+$/.test(fields.size ?? '') || !Number.isSafeInteger(size)) {
    throw new Error(`LFS pointer has an invalid size ("${fields.size}")`);
  }
  return { sha256: oid[1], size };
}

/** Expected {sha256, size} for `onnx/model.onnx` from `<dir>/model.onnx.pointer`, if that file exists. */
export function pointerFor(pointerDir, file) {
  if (!pointerDir) return undefined;
  const candidate = path.join(pointerDir, `${path.basename(file)}.pointer`);
  return existsSync(candidate) ? parseLfsPointer(readFileSync(candidate, 'utf8')) : undefined;
}
