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
      kind: 'retryable',
      failure: { status: 503, ambiguous: true },
    });
    expect(classifyPublishError(unanswered('ECONNABORTED'))).toMatchObject({
      failure: { code: 'ECONNABORTED', ambiguous: true },
    });
    expect(classifyPublishError(unanswered('ECONNREFUSED'))).toEqual({
      kind: 'retryable',
      failure: { code: 'ECONNREFUSED', message: 'Genesys unreachable (ECONNREFUSED).' },
    });
  });
});
