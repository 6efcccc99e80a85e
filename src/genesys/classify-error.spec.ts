import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios';
import { classifyPublishError, isAmbiguousFailure } from './classify-error';
import { GenesysTokenError } from './genesys-failure';

const config = { headers: new AxiosHeaders() };
const answered = (status: number) =>
  new AxiosError(`status ${status}`, 'ERR_BAD_RESPONSE', config, {}, {
    status,
    statusText: '',
    headers: {},
    config,
    data: {},
  } as AxiosResponse);
const unanswered = (code: string) => new AxiosError(code, code, config, {});

describe(isAmbiguousFailure.name, () => {
  it.each([
    ['a 500', answered(500), true],
    ['a 502', answered(502), true],
    ['a 503', answered(503), true],
    ['a 504', answered(504), true],
    ['a timeout', unanswered('ECONNABORTED'), true],
    ['a reset', unanswered('ECONNRESET'), true],
    ['a 429', answered(429), false],
    ['a 400', answered(400), false],
    ['a refused connection', unanswered('ECONNREFUSED'), false],
    ['an unknown host', unanswered('ENOTFOUND'), false],
    ['a cancelled call', unanswered('ERR_CANCELED'), false],
    ['no token', new GenesysTokenError({ code: 'invalid_client', message: 'no' }), false],
    ['a bug', new Error('boom'), false],
  ])('%s -> %s', (_name, error, ambiguous) => {
    expect(isAmbiguousFailure(error)).toBe(ambiguous);
  });

  it('marks the stored failure, so the next attempt counts as a possible duplicate', () => {
    expect(classifyPublishError(answered(503))).toMatchObject({
      kind: 'unavailable',
      failure: { status: 503, ambiguous: true },
    });
    expect(classifyPublishError(unanswered('ECONNABORTED'))).toMatchObject({
      failure: { code: 'ECONNABORTED', ambiguous: true },
    });
    expect(classifyPublishError(unanswered('ECONNREFUSED'))).toEqual({
      kind: 'unavailable',
      failure: { code: 'ECONNREFUSED', message: 'Genesys unreachable (ECONNREFUSED).' },
    });
  });
});

describe('classifyPublishError: the outcome in the destination’s terms', () => {
  it.each([
    ['a 429', answered(429), 'throttled'],
    ['a 503', answered(503), 'unavailable'],
    ['a 408', answered(408), 'unavailable'],
    ['a timeout', unanswered('ECONNABORTED'), 'unavailable'],
    ['a 400', answered(400), 'rejected'],
    ['a 403', answered(403), 'rejected'],
    [
      'a login that refuses the client',
      new GenesysTokenError({ status: 401, code: 'invalid_client', message: 'no' }),
      'unauthorized',
    ],
    [
      'a login that is down',
      new GenesysTokenError({ status: 503, code: 'http.503', message: 'down' }),
      'unavailable',
    ],
    [
      'a login out of reach',
      new GenesysTokenError({ code: 'ECONNREFUSED', message: 'unreachable' }),
      'unavailable',
    ],
    ['a bug', new Error('boom'), 'unavailable'],
  ])('%s is %s', (_name, error, kind) => {
    expect(classifyPublishError(error).kind).toBe(kind);
  });
});
