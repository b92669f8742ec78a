/** Times given to `attune eval --at` and `attune train --at`: ISO 8601; a date or time without an offset is UTC. */
import { z } from 'zod';

export const isoTimeSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'must be an ISO 8601 time like 2024-02-01T00:00:00Z')
  .transform((text, ctx) => {
    // A date or time without an offset is UTC, as in the import format.
    const withZone = /T.*(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : text.includes('T') ? `${text}Z` : `${text}T00:00:00Z`;
    const ms = Date.parse(withZone);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a valid time` });
      return z.NEVER;
    }
    return ms;
  });
