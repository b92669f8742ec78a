/** Discord's timestamp format: ISO 8601 with microseconds and an explicit UTC offset. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
