/**
 * hyparquet and hyparquet-writer are ESM-only. This project compiles to CommonJS (module node16), where
 * TypeScript keeps `import()` as a real dynamic import, so they are loaded here once and cached.
 * (Node >= 20.19 could also require() them, but TypeScript under node16 rejects static imports of ESM from CJS.)
 */
export type Hyparquet = typeof import('hyparquet', { with: { 'resolution-mode': 'import' } });
export type HyparquetWriter = typeof import('hyparquet-writer', { with: { 'resolution-mode': 'import' } });

let reader: Promise<Hyparquet> | undefined;
let writer: Promise<HyparquetWriter> | undefined;

export function loadHyparquet(): Promise<Hyparquet> {
  reader ??= import('hyparquet');
  return reader;
}

export function loadHyparquetWriter(): Promise<HyparquetWriter> {
  writer ??= import('hyparquet-writer');
  return writer;
}
