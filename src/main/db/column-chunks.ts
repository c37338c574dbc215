import type { Column } from '../../engine/data/table';

/**
 * Column values <-> BLOB chunks. Blobs hold the typed array's raw bytes in the host byte order (little-endian
 * on every platform Electron ships for), so a load is a byte copy and values come back bit-identical, NaN
 * payloads included.
 */
export const DEFAULT_CHUNK_ROWS = 65_536;

export function columnValues(column: Column): Float64Array | Int32Array {
  return column.kind === 'numeric' ? column.values : column.codes;
}

/** Views (no copies) of consecutive `chunkRows`-row slices; an empty column has no chunks. */
export function* chunkBytes(values: Float64Array | Int32Array, chunkRows: number): Generator<Uint8Array> {
  const width = values.BYTES_PER_ELEMENT;
  for (let start = 0; start < values.length; start += chunkRows) {
    const rows = Math.min(chunkRows, values.length - start);
    yield new Uint8Array(values.buffer, values.byteOffset + start * width, rows * width);
  }
}

/**
 * Reassembles chunks (in chunk order) into a fresh typed array. Copying bytewise also realigns: a blob from
 * SQLite may start at any byte offset, which a Float64Array view could not.
 */
export function assembleColumn<T extends Float64Array | Int32Array>(target: T, chunks: Iterable<Uint8Array>): T {
  const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset + chunk.byteLength > bytes.byteLength) throw new RangeError('stored chunks exceed the row count');
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  if (offset !== bytes.byteLength) throw new RangeError('stored chunks fall short of the row count');
  return target;
}
