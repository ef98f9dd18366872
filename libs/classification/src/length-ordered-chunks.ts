/**
 * Indices of `texts` sorted by length (stable), cut into chunks of `size`: similar lengths share a forward pass,
 * so little compute goes into padding. Callers write results back by index, so output order is input order.
 */
export function lengthOrderedChunks(texts: readonly string[], size: number): number[][] {
  if (!(size >= 1)) throw new Error(`batch size must be >= 1, got ${size}`);
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b);
  const chunks: number[][] = [];
  for (let i = 0; i < order.length; i += size) chunks.push(order.slice(i, i + size));
  return chunks;
}
