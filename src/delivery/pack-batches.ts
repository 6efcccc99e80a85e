/**
 * Splits events into calls of at most `maxEvents` events and `maxBytes` bytes (pure, order kept).
 * An event bigger than `maxBytes` alone still gets a call of its own: Genesys will judge it.
 */
export function packBatches<T>(
  events: readonly T[],
  maxEvents: number,
  maxBytes: number,
  sizeOf: (event: T) => number,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = sizeOf(event);
    if (current.length > 0 && (current.length >= maxEvents || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

/**
 * Groups events by destination (a call goes to one configuration), then packs each group. Groups
 * keep the order in which their first event was claimed, and events keep their order within one.
 */
export function packRoutedBatches<T>(
  events: readonly T[],
  routeOf: (event: T) => string,
  maxEvents: number,
  maxBytes: number,
  sizeOf: (event: T) => number,
): T[][] {
  const routes = new Map<string, T[]>();
  for (const event of events) {
    const route = routeOf(event);
    const group = routes.get(route);
    if (group) {
      group.push(event);
    } else {
      routes.set(route, [event]);
    }
  }
  return [...routes.values()].flatMap((group) => packBatches(group, maxEvents, maxBytes, sizeOf));
}
