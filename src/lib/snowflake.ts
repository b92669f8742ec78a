/** Discord ids are snowflakes: canonical decimal strings, compared numerically without converting them to BigInt. */
export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
