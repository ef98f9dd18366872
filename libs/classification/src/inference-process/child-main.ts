/**
 * Entry of the inference child process (forked by InferenceProcessClient; never imported by the service itself).
 * Loads the model once on `init`, then classifies one request at a time. This process's main thread is the only
 * thread that touches onnxruntime-node (microsoft/onnxruntime#24486: one JS thread per process), and it owns no
 * sockets or timers the service depends on, so a long synchronous forward pass blocks nothing but itself.
 */
import type { ClassifyInput, ThemeClassifier } from '../classifier.types';
import { createClassifier } from '../create-classifier';
import { serializeError, type ChildMessage, type ParentMessage } from './protocol';

let classifier: ThemeClassifier | undefined;
let chain: Promise<void> = Promise.resolve();

/** Resolves once the message is handed to the IPC channel (so a disconnect right after cannot drop it). */
function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function init(options: Extract<ParentMessage, { type: 'init' }>['options']): Promise<void> {
  const started = performance.now();
  try {
    // One JSON line per warning, like the service's own log (the parent copies this process's stderr into it).
    classifier = await createClassifier(options, (m) => process.stderr.write(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), service: 'classifier-inference', msg: m })}\n`));
  } catch (err) {
    process.exitCode = 2;
    await send({ type: 'load-error', error: serializeError(err) });
    process.disconnect?.();
    return;
  }
  await send({
    type: 'ready',
    info: {
      modelId: classifier.modelId, themesVersion: classifier.themesVersion, engine: classifier.engine,
      quantized: options.quantized ?? false, threads: options.threads ?? 0, loadMs: performance.now() - started, pid: process.pid,
    },
  });
}

async function classify(id: number, texts: readonly ClassifyInput[]): Promise<void> {
  if (!classifier) {
    await send({ type: 'failure', id, error: { name: 'Error', message: 'model not loaded' } });
    return;
  }
  const started = performance.now();
  try {
    const results = await classifier.classify(texts);
    await send({ type: 'result', id, results, inferenceMs: performance.now() - started });
  } catch (err) {
    await send({ type: 'failure', id, error: serializeError(err) });
  }
}

async function shutdown(): Promise<void> {
  await classifier?.dispose().catch(() => undefined);
  process.disconnect?.();
  process.exit(0);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') chain = chain.then(() => init(message.options));
  else if (message.type === 'classify') chain = chain.then(() => classify(message.id, message.texts));
  else if (message.type === 'shutdown') chain = chain.then(() => shutdown());
});
// The parent decides when this process ends (after its in-flight batches): a Ctrl-C or SIGTERM sent to the whole
// process group must not cut a batch short. If the parent dies, the IPC channel closes and the child exits.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
process.on('disconnect', () => process.exit());
