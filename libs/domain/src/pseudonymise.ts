import { createHmac } from 'node:crypto';

/** Length of a pseudonym: 32 hex chars = 128 bits of HMAC-SHA256, plenty to avoid collisions between buyers. */
export const PSEUDONYM_HEX_LENGTH = 32;

/**
 * Keyed one-way pseudonym of an identifier: HMAC-SHA256(salt, id), hex, truncated.
 * Deterministic for one salt (joins across runs keep working), unlinkable across salts.
 * `null`, `undefined` and blank ids give `null`. Numbers/bigints hash like their decimal text,
 * and surrounding whitespace is ignored, so `42`, `"42"` and `" 42 "` are the same person.
 * Throws on an empty salt: that is a configuration error, never a data error.
 */
export function pseudonymiseId(id: string | number | bigint | null | undefined, salt: string): string | null {
  if (typeof salt !== 'string' || salt.length === 0) throw new TypeError('pseudonymiseId: salt must be a non-empty string');
  if (id === null || id === undefined) return null;
  if (typeof id === 'number' && !Number.isFinite(id)) return null;
  const text = String(id).trim();
  if (text.length === 0) return null;
  const hash = hmacHex(salt, text);
  // Astronomically unlikely, but the contract is "never returns the input".
  return hash === text ? hmacHex(salt, `\u0000${text}`) : hash;
}

function hmacHex(salt: string, text: string): string {
  return createHmac('sha256', salt).update(text, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_LENGTH);
}

/** A pseudonym as produced by {@link pseudonymiseId} (lower-case hex). */
export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

/**
 * Column names (compared case- and punctuation-insensitively) that hold direct personal data.
 * Any column whose normalised name contains "email" or "phone" is also dropped.
 */
export const PERSONAL_DATA_COLUMNS: readonly string[] = [
  'name', 'buyername', 'customername', 'reviewername', 'username', 'profilename', 'displayname', 'nickname',
  'firstname', 'lastname', 'fullname', 'surname', 'reviewsusername', 'address', 'streetaddress', 'postcode',
  'zipcode', 'ip', 'ipaddress', 'birthdate', 'dateofbirth',
];

export interface StripPersonalDataOptions {
  salt: string;
  /** Column(s) holding the buyer's identifier; the first non-blank one is hashed into `userHash`, all are dropped. */
  idColumns: readonly string[];
  /** Further columns to drop (exact names). */
  extraColumns?: readonly string[];
}

export interface StrippedRow {
  /** The row without identifier and personal-data columns (own enumerable keys only). */
  row: Record<string, unknown>;
  userHash: string | null;
  /** Names (never values) of the columns removed, for logs and audits. */
  removedColumns: string[];
}

const normaliseColumn = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const PERSONAL_SET = new Set(PERSONAL_DATA_COLUMNS);

/** True when a column name denotes direct personal data. `product_name`, `brand_name` etc. are not personal. */
export function isPersonalDataColumn(name: string): boolean {
  const n = normaliseColumn(name);
  return PERSONAL_SET.has(n) || n.includes('email') || n.includes('phone');
}

/**
 * Removes direct personal data from a raw source row and replaces the buyer identifier by its pseudonym.
 * The input is not modified. Keys such as `__proto__` are copied as plain own properties, never as prototypes.
 */
export function stripPersonalData(source: Record<string, unknown>, options: StripPersonalDataOptions): StrippedRow {
  const idSet = new Set(options.idColumns);
  const extra = new Set(options.extraColumns ?? []);
  let userHash: string | null = null;
  for (const col of options.idColumns) {
    if (!Object.prototype.hasOwnProperty.call(source, col)) continue;
    const value = source[col];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      userHash = pseudonymiseId(value, options.salt);
      if (userHash !== null) break;
    }
  }
  const kept: [string, unknown][] = [];
  const removedColumns: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (idSet.has(key) || extra.has(key) || isPersonalDataColumn(key)) removedColumns.push(key);
    else kept.push([key, value]);
  }
  return { row: Object.fromEntries(kept), userHash, removedColumns };
}
