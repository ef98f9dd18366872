"""Ceiling for bench/classifier/aspect.bench.ts: Python onnxruntime on the same model files and the same token ids.

    python ort_ceiling.py IDS.json [--grid 2x16]   (entries: <intra-op threads>x<batch size>)

IDS.json maps an ONNX model path to its list of token-id rows (already truncated: whole reviews at 256, segments at
64). Per grid entry: a fresh session per model, one warm-up batch, then every row of every model,
sorted by token count, padded per batch, mean pooling over real tokens + L2 norm (numpy). Progress on stderr; the last
stdout line is the best config as JSON {ms, cpuMs, threads, batch, maxRssMb, ort}.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import onnxruntime as ort


def embed(session, names, rows, order, batch):
    for b in range(0, len(order), batch):
        idx = order[b:b + batch]
        width = max(len(rows[i]) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for r, i in enumerate(idx):
            ids[r, :len(rows[i])] = rows[i]
            mask[r, :len(rows[i])] = 1
        feeds = {n: ids if n == 'input_ids' else mask if n == 'attention_mask' else np.zeros_like(ids) for n in names}
        hidden = session.run(['last_hidden_state'], feeds)[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('ids')
    ap.add_argument('--grid', default='2x16')
    a = ap.parse_args()
    with open(a.ids) as f:
        models = json.load(f)
    best = None
    for entry in a.grid.split(','):
        t, bs = (int(x) for x in entry.split('x'))
        sessions = []
        for path, rows in models.items():
            so = ort.SessionOptions()
            so.intra_op_num_threads = t
            so.inter_op_num_threads = 1
            so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            s = ort.InferenceSession(path, so, providers=['CPUExecutionProvider'])
            names = [i.name for i in s.get_inputs()]
            order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
            sessions.append((s, names, rows, order))
        s, names, rows, _ = sessions[0]
        embed(s, names, rows[:2], [0, 1], 2)  # warm-up
        start, cpu0 = time.perf_counter(), time.process_time()
        for s, names, rows, order in sessions:
            embed(s, names, rows, order, bs)
        ms = (time.perf_counter() - start) * 1000
        cpu_ms = (time.process_time() - cpu0) * 1000
        print(f'  py-ort t{t}/b{bs}: {ms / 1000:.2f} s', file=sys.stderr)
        if best is None or ms < best['ms']:
            best = {'ms': ms, 'cpuMs': cpu_ms, 'threads': t, 'batch': bs}
        del sessions
    best['maxRssMb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best['ort'] = ort.__version__
    print(json.dumps(best))


if __name__ == '__main__':
    main()
