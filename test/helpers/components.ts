/** Reads what the bot sent in an interaction response: buttons' custom ids, embeds. */
import type { InteractionResponse } from '../../src/sim/index.js';

interface ComponentJson {
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  components?: ComponentJson[];
}

function dataOf(response: InteractionResponse): { components?: ComponentJson[]; embeds?: unknown[]; content?: string } {
  const body = response.body as { data?: unknown } | undefined;
  return ((response.kind === 'callback' ? body?.data : body) ?? {}) as { components?: ComponentJson[]; embeds?: unknown[] };
}

/** Custom ids of every button in the response, in order. */
export function customIdsOf(response: InteractionResponse): string[] {
  return (dataOf(response).components ?? []).flatMap((row) => (row.components ?? []).flatMap((c) => (c.custom_id ? [c.custom_id] : [])));
}

export function embedsOf(response: InteractionResponse): unknown[] {
  return dataOf(response).embeds ?? [];
}
