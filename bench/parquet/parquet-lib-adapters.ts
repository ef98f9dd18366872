import { Writable } from 'node:stream';
import { CURATED_COLUMNS, loadHyparquet, loadHyparquetWriter, type ColumnKind } from '@reviewlens/datalake';

/** A flat row as all three libraries write it: themeScores already turned into JSON text. */
export type FlatRow = Record<string, string | number | boolean | null>;

export interface ParquetLibAdapter {
  readonly name: LibName;
  write(rows: FlatRow[]): Promise<Buffer>;
  read(file: Buffer): Promise<Record<string, unknown>[]>;
}

/** `hyparquet` writes booleans PLAIN (as the codec does); `hyparquet-rle-bool` keeps the writer's default RLE booleans. */
export const LIB_NAMES = ['parquetjs-lite', '@dsnp/parquetjs', 'hyparquet', 'hyparquet-rle-bool'] as const;
export type LibName = (typeof LIB_NAMES)[number];

const COLUMNS = CURATED_COLUMNS;

// ---- parquetjs family (parquetjs-lite has no type declarations; @dsnp/parquetjs shares its API) ----
interface PjsWriter { appendRow(row: object): Promise<void>; close(): Promise<void> }
interface PjsCursor { next(): Promise<unknown> }
interface PjsReader { getCursor(): PjsCursor; close(): Promise<void> }
interface PjsModule {
  ParquetSchema: new (fields: Record<string, object>) => object;
  ParquetWriter: { openStream(schema: object, out: Writable, opts?: object): Promise<PjsWriter> };
  ParquetReader: { openBuffer(buf: Buffer): Promise<PjsReader> };
}

const PJS_TYPE: Record<ColumnKind, string> = { string: 'UTF8', json: 'UTF8', int32: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' };

function memoryStream(): { stream: Writable; result: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); },
  });
  return { stream, result: () => Buffer.concat(chunks) };
}

function parquetjsAdapter(name: LibName, mod: PjsModule): ParquetLibAdapter {
  const fields: Record<string, object> = {};
  for (const c of COLUMNS) fields[c.name] = { type: PJS_TYPE[c.kind], optional: c.nullable, compression: 'SNAPPY' };
  return {
    name,
    async write(rows) {
      const schema = new mod.ParquetSchema(fields);
      const { stream, result } = memoryStream();
      const writer = await mod.ParquetWriter.openStream(schema, stream);
      for (const row of rows) {
        // parquetjs expresses null as an absent field
        const rec: Record<string, unknown> = {};
        for (const k in row) if (row[k] !== null) rec[k] = row[k];
        await writer.appendRow(rec);
      }
      await writer.close();
      return result();
    },
    async read(file) {
      const reader = await mod.ParquetReader.openBuffer(file);
      const cursor = reader.getCursor();
      const out: Record<string, unknown>[] = [];
      for (let rec = await cursor.next(); rec; rec = await cursor.next()) out.push(rec as Record<string, unknown>);
      await reader.close();
      return out;
    },
  };
}

// ---- hyparquet + hyparquet-writer ----
const HYP_TYPE = { string: 'STRING', json: 'STRING', int32: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

function hyparquetAdapter(name: LibName, plainBooleans: boolean): ParquetLibAdapter {
  return {
    name,
    async write(rows) {
      const { parquetWriteBuffer } = await loadHyparquetWriter();
      const columnData = COLUMNS.map((c) => ({
        name: c.name,
        data: rows.map((r) => r[c.name]),
        type: HYP_TYPE[c.kind],
        nullable: c.nullable,
        ...(plainBooleans && c.kind === 'boolean' ? { encoding: 'PLAIN' as const } : {}),
      }));
      return Buffer.from(parquetWriteBuffer({ columnData, codec: 'SNAPPY' }));
    },
    async read(file) {
      const { parquetReadObjects } = await loadHyparquet();
      return parquetReadObjects({ file: toArrayBuffer(file) });
    },
  };
}

export async function loadAdapter(name: LibName): Promise<ParquetLibAdapter> {
  switch (name) {
    case 'parquetjs-lite':
      return parquetjsAdapter(name, require('parquetjs-lite') as PjsModule);
    case '@dsnp/parquetjs':
      return parquetjsAdapter(name, require('@dsnp/parquetjs') as PjsModule);
    case 'hyparquet':
    case 'hyparquet-rle-bool':
      await Promise.all([loadHyparquet(), loadHyparquetWriter()]);
      return hyparquetAdapter(name, name === 'hyparquet');
  }
}
