import { createHash } from 'node:crypto';
import { z } from 'zod';

const Sha256Hex = z.string().regex(/^[a-f0-9]{64}$/, 'sha256 must be 64 lowercase hex chars');

export const SnapshotPartSchema = z.object({
  key: z.string().min(1),
  rows: z.number().int().nonnegative(),
  /** sha256 of the part's bytes; when present, readers verify it. */
  sha256: Sha256Hex.optional(),
});
export type SnapshotPart = z.infer<typeof SnapshotPartSchema>;

/**
 * A complete, immutable snapshot of the curated layer: which parts, how many rows each.
 * - `rowCount`: rows stored in the parts (their sum).
 * - `overlapping`: when true, parts may hold the same review id, and the row of the LAST part listed wins (a later
 *   run's version replaces an earlier one without rewriting the earlier part: publishing costs the change, not the
 *   catalogue). Absent or false: every review id is in one part only (compacted, or written before this field).
 * - `baseRows`: rows of the parts as last compacted (or first published); the loader compacts again when the stored
 *   rows or the part count grow past its limits.
 */
export const SnapshotManifestSchema = z
  .object({
    snapshotId: z.string().min(1),
    runId: z.string().min(1),
    createdAt: z.string().datetime({ offset: true }),
    rowCount: z.number().int().nonnegative(),
    parts: z.array(SnapshotPartSchema),
    themesVersion: z.string().nullable().optional(),
    modelId: z.string().nullable().optional(),
    previousSnapshotId: z.string().nullable().optional(),
    overlapping: z.boolean().optional(),
    baseRows: z.number().int().nonnegative().optional(),
  })
  .superRefine((m, ctx) => {
    const sum = m.parts.reduce((n, p) => n + p.rows, 0);
    if (sum !== m.rowCount) ctx.addIssue({ code: 'custom', path: ['rowCount'], message: `rowCount ${m.rowCount} != sum of part rows ${sum}` });
    const seen = new Set<string>();
    for (const [i, p] of m.parts.entries()) {
      if (seen.has(p.key)) ctx.addIssue({ code: 'custom', path: ['parts', i, 'key'], message: `duplicate part ${p.key}` });
      seen.add(p.key);
    }
  });
export type SnapshotManifest = z.infer<typeof SnapshotManifestSchema>;

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
