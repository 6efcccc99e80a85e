/**
 * Legacy `event_type` -> Genesys `custom.<vendor>.<category>.<action>`.
 *
 * Rule: split on `.`, `_`, `-`, `:`, `/`, spaces and lower->Upper camelCase boundaries; lower-case
 * every word. The first word is the category, the remaining words joined by `_` are the action:
 * `order.created`, `ORDER_CREATED`, `order-created`, `OrderCreated` -> `order` + `created`;
 * `order.line.added` -> `order` + `line_added`. Each word must be [a-z0-9]+, the category must start
 * with a letter, and there must be at least two words.
 */
export const MAX_EVENT_TYPE_LENGTH = 128;

export type EventTypeResult =
  | { readonly ok: true; readonly category: string; readonly action: string }
  | { readonly ok: false; readonly reason: string };

/** The canonical spelling (`order.created`), which the general rule below maps to itself. */
const CANONICAL = /^([a-z][a-z0-9]*)\.([a-z0-9]+)$/;

export function parseLegacyEventType(eventType: string): EventTypeResult {
  if (eventType.length === 0 || eventType.length > MAX_EVENT_TYPE_LENGTH) {
    return { ok: false, reason: `must be 1 to ${MAX_EVENT_TYPE_LENGTH} characters` };
  }
  // Most events use the canonical spelling: one regex instead of the split below (a batch's hot path).
  const canonical = CANONICAL.exec(eventType);
  if (canonical) {
    return { ok: true, category: canonical[1], action: canonical[2] };
  }
  const words = eventType
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[._:\-/\s]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
  if (words.some((word) => !/^[a-z0-9]+$/.test(word))) {
    return { ok: false, reason: 'may contain only letters, digits and the separators . _ - : /' };
  }
  if (words.length < 2) {
    return { ok: false, reason: 'must name a category and an action, e.g. "order.created"' };
  }
  const [category, ...action] = words;
  if (!/^[a-z]/.test(category)) {
    return { ok: false, reason: 'must start with a letter' };
  }
  return { ok: true, category, action: action.join('_') };
}

export function genesysEventType(vendor: string, category: string, action: string): string {
  return `custom.${vendor}.${category}.${action}`;
}
