import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from './roles';

/** Shortest accepted key: shorter keys are guessable. */
export const MIN_API_KEY_LENGTH = 16;

const ApiKeysSchema = z.record(z.string().min(MIN_API_KEY_LENGTH, `keys must be at least ${MIN_API_KEY_LENGTH} characters`), z.enum(ROLES));

export class ApiKeysConfigError extends Error {
  constructor(message: string) {
    super(`API_KEYS: ${message}`);
    this.name = 'ApiKeysConfigError';
  }
}

interface KeyEntry { digest: Buffer; role: Role }

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The configured API keys. Only sha256 digests are kept; a lookup compares the candidate's digest with every key
 * in constant time (fixed length, no early exit), so timing tells nothing about which key or how much matched.
 * Error messages never contain a key.
 */
export class ApiKeyRing {
  private constructor(private readonly entries: readonly KeyEntry[]) {}

  /** Parses the `API_KEYS` JSON map key → role. Production refuses an empty map (the ops API would be unusable). */
  static fromConfig(json: string, nodeEnv: string): ApiKeyRing {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new ApiKeysConfigError('is not valid JSON (expected {"<key>": "analyst" | "engineer" | "admin"})');
    }
    const parsed = ApiKeysSchema.safeParse(raw);
    if (!parsed.success) throw new ApiKeysConfigError(parsed.error.issues.map((i) => i.message).join('; '));
    const entries = Object.entries(parsed.data).map(([key, role]) => ({ digest: digest(key), role }));
    if (entries.length === 0 && nodeEnv === 'production') throw new ApiKeysConfigError('no keys configured (required in production)');
    return new ApiKeyRing(entries);
  }

  get size(): number { return this.entries.length; }

  /** The role of a presented key, or null when it matches none. */
  roleOf(candidate: string): Role | null {
    const d = digest(candidate);
    let found: Role | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, d)) found = entry.role;
    }
    return found;
  }
}
