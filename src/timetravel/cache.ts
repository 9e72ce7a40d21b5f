/**
 * Caches that make one step of the time-travel slider cheap: a checkpoint's content never changes
 * once made, so contents are kept by checkpoint id; a cell rendered once is kept by its content
 * digest and shown again wherever the same cell appears (most cells are the same from one
 * checkpoint to the next). Both are bounded, least recently used first out.
 */

/** A bounded map, least recently used first out; `onEvict` releases what is dropped. */
export class LruCache<K, V> {
  constructor(
    readonly limit: number,
    private _onEvict: (value: V, key: K) => void = () => undefined
  ) {}

  get size(): number {
    return this._map.size;
  }

  has(key: K): boolean {
    return this._map.has(key);
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this._map.has(key)) {
      return undefined;
    }
    const value = this._map.get(key)!;
    this._map.delete(key);
    this._map.set(key, value);
    return value;
  }

  /**
   * Keep `value`; drops the least recently used entries past the limit, except those `keep` says
   * are still in use (e.g. cells on screen), which stay, the cache growing past its limit meanwhile.
   */
  set(key: K, value: V, keep: (key: K) => boolean = () => false): void {
    this._map.delete(key);
    this._map.set(key, value);
    for (const [k, v] of this._map) {
      if (this._map.size <= this.limit) {
        break;
      }
      if (k !== key && !keep(k)) {
        this._map.delete(k);
        this._onEvict(v, k);
      }
    }
  }

  delete(key: K): void {
    if (this._map.has(key)) {
      const value = this._map.get(key)!;
      this._map.delete(key);
      this._onEvict(value, key);
    }
  }

  clear(): void {
    for (const [k, v] of [...this._map]) {
      this._map.delete(k);
      this._onEvict(v, k);
    }
  }

  private _map = new Map<K, V>();
}

const DIGESTS = new WeakMap<object, string>();

/**
 * A digest of a cell's whole content (type, source, outputs, execution count, metadata): equal
 * cells share their rendering. 64 bits of FNV-1a over its JSON, with the length, computed once per
 * cell object (a checkpoint's cells are never changed in place).
 */
export function cellDigest(cell: object): string {
  let digest = DIGESTS.get(cell);
  if (digest === undefined) {
    const text = JSON.stringify(cell);
    // Two 32-bit FNV-1a lanes with different offsets: a collision needs both to collide.
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x5bd1e995;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    digest = `${text.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
    DIGESTS.set(cell, digest);
  }
  return digest;
}
