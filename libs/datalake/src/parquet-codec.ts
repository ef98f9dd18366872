import type { ColumnSource } from 'hyparquet-writer' with { 'resolution-mode': 'import' };
import { loadHyparquet, loadHyparquetWriter } from './esm-modules';
import { LAYER_COLUMNS, type ColumnKind, type LakeColumn, type LakeLayer } from './parquet-columns';
import type { LayerRow } from './layer-rows';

/** Key-value metadata entry naming the layer a file belongs to; checked on decode. */
export const LAYER_METADATA_KEY = 'reviewlens.layer';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const WRITER_TYPE = { string: 'STRING', json: 'STRING', int32: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;
/** Physical type each kind must have in a file we read (STRING and JSON are UTF8 byte arrays). */
const PHYSICAL_TYPE: Record<ColumnKind, string> = { string: 'BYTE_ARRAY', json: 'BYTE_ARRAY', int32: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' };

export class ParquetCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParquetCodecError';
  }
}

function encodeValue(column: LakeColumn, value: unknown, rowIndex: number): unknown {
  const fail = (why: string): never => {
    throw new ParquetCodecError(`row ${rowIndex}, column ${column.name}: ${why}`);
  };
  // A row from before a column was added (undefined) is written with the column's documented value.
  if (value === undefined && column.absentValue !== undefined) return encodeValue({ ...column, absentValue: undefined }, column.absentValue, rowIndex);
  if (value === null || value === undefined) return column.nullable ? null : fail('null in a non-nullable column');
  switch (column.kind) {
    case 'string':
      return typeof value === 'string' ? value : fail(`expected string, got ${typeof value}`);
    case 'json':
      return JSON.stringify(value);
    case 'int32':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`expected integer, got ${String(value)}`);
      return value >= INT32_MIN && value <= INT32_MAX ? value : fail(`integer ${value} outside INT32`);
    case 'double':
      return typeof value === 'number' ? value : fail(`expected number, got ${typeof value}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : fail(`expected boolean, got ${typeof value}`);
  }
}

/**
 * One column's values as the writer takes them: {@link encodeValue} for each row, with a shortcut for the common case
 * (a value of the column's own type). Free-text columns (PLAIN, no statistics) are handed over as UTF-8 bytes encoded
 * with Buffer.from, the same bytes the writer's per-value `new TextEncoder().encode` produces (a lone surrogate becomes
 * U+FFFD in both), at a third of its cost.
 */
function columnValues(column: LakeColumn, rows: readonly Record<string, unknown>[]): unknown[] {
  const out = new Array<unknown>(rows.length);
  const name = column.name;
  const kind = column.kind;
  const bytes = column.freeText === true;
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]![name];
    let encoded: unknown;
    if (kind === 'string' && typeof value === 'string') encoded = value;
    else if (kind === 'boolean' && typeof value === 'boolean') encoded = value;
    else if (kind === 'double' && typeof value === 'number') encoded = value;
    else encoded = encodeValue(column, value, i);
    out[i] = bytes && typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
  }
  return out;
}

function decodeValue(column: LakeColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.kind === 'json' && typeof value === 'string') return JSON.parse(value);
  if (column.kind === 'int32' && typeof value === 'bigint') return Number(value);
  return value;
}

/**
 * Encode rows of one layer as a Parquet file (SNAPPY, UTF8 strings, INT32 integers, DOUBLE, BOOLEAN written PLAIN
 * so that parquetjs-family readers decode them too). Throws ParquetCodecError naming row and column on a bad value.
 */
export async function encodeRows<L extends LakeLayer>(layer: L, rows: readonly LayerRow<L>[]): Promise<Buffer> {
  const { parquetWriteBuffer } = await loadHyparquetWriter();
  const columns = LAYER_COLUMNS[layer];
  const columnData: ColumnSource[] = columns.map((column) => ({
    name: column.name,
    data: columnValues(column, rows as unknown as readonly Record<string, unknown>[]),
    type: WRITER_TYPE[column.kind],
    nullable: column.nullable,
    ...(column.kind === 'boolean' || column.freeText || column.highCardinality ? { encoding: 'PLAIN' as const } : {}),
    ...(column.freeText || column.noStatistics ? { statistics: false } : {}),
  }));
  const file = parquetWriteBuffer({
    columnData,
    codec: 'SNAPPY',
    kvMetadata: [{ key: LAYER_METADATA_KEY, value: layer }],
    createdBy: 'reviewlens datalake (hyparquet-writer)',
  });
  return Buffer.from(file);
}

/** Decode a Parquet file of one layer. Checks the layer tag and every column's presence and physical type. */
export async function decodeRows<L extends LakeLayer>(layer: L, buffer: Buffer): Promise<LayerRow<L>[]> {
  const { parquetMetadata, parquetReadObjects } = await loadHyparquet();
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (err) {
    throw new ParquetCodecError(`not a readable parquet file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const tag = metadata.key_value_metadata?.find((kv) => kv.key === LAYER_METADATA_KEY)?.value;
  if (tag !== undefined && tag !== layer) throw new ParquetCodecError(`file holds layer "${tag}", expected "${layer}"`);
  const columns = LAYER_COLUMNS[layer];
  const present: LakeColumn[] = [];
  for (const column of columns) {
    const element = metadata.schema.find((e) => e.name === column.name);
    if (!element) {
      // A column added after this file was written decodes to its documented value; any other is required.
      if (column.absentValue !== undefined) continue;
      throw new ParquetCodecError(`column ${column.name} missing from ${layer} file`);
    }
    if (element.type !== PHYSICAL_TYPE[column.kind]) {
      throw new ParquetCodecError(`column ${column.name} has type ${element.type}, expected ${PHYSICAL_TYPE[column.kind]}`);
    }
    present.push(column);
  }
  const isPresent = new Set(present.map((c) => c.name));
  let raw: Record<string, unknown>[];
  try {
    raw = await parquetReadObjects({ file, metadata, columns: present.map((c) => c.name) });
  } catch (err) {
    throw new ParquetCodecError(`corrupt parquet data: ${err instanceof Error ? err.message : String(err)}`);
  }
  return raw.map((row) => {
    const out: Record<string, unknown> = {};
    for (const column of columns) {
      out[column.name] = isPresent.has(column.name) ? decodeValue(column, row[column.name]) : structuredClone(column.absentValue);
    }
    return out as unknown as LayerRow<L>;
  });
}
