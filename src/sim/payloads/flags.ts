/**
 * The empty flag set. Discord sends 0 when no flag is set, but discord-api-types' flag enums have no 0 member, so
 * the empty set can only be expressed through this one cast.
 */
export function noFlags<Flags extends number>(): Flags {
  return 0 as Flags;
}
