/**
 * The pseudonym an erasure leaves where a member's id must be replaced rather than deleted (see
 * src/db/queries/personal-data/statements.ts, Erasure). Random per erasure: it keeps rows unique and consistent with each
 * other, and cannot be computed back from the member's id.
 */
import { randomBytes } from 'node:crypto';

export const ERASED_PREFIX = 'erased:';

export function newErasurePseudonym(): string {
  return `${ERASED_PREFIX}${randomBytes(8).toString('hex')}`;
}

/** Whether an id stored in an actor column is an erased member's pseudonym. */
export function isErasedId(id: string | null | undefined): boolean {
  return id?.startsWith(ERASED_PREFIX) ?? false;
}
