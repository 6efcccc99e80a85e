import { DomainError } from '../common';

export type BodyFormat = 'legacy' | 'cloudevent' | 'cloudevents-batch';

const FORMATS: Readonly<Record<string, BodyFormat>> = {
  'application/json': 'legacy',
  'application/cloudevents+json': 'cloudevent',
  'application/cloudevents-batch+json': 'cloudevents-batch',
};

/** The body format a route accepts from this Content-Type; 415 naming the accepted ones otherwise. */
export function bodyFormat(
  contentType: string | undefined,
  accepted: readonly BodyFormat[],
): BodyFormat {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const format = FORMATS[mediaType];
  if (format && accepted.includes(format)) {
    return format;
  }
  const names = Object.entries(FORMATS)
    .filter(([, f]) => accepted.includes(f))
    .map(([name]) => name);
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type "${mediaType || '(none)'}" is not accepted here; send ${names.join(' or ')}.`,
  );
}
