import { unsupportedHeaderProblem } from './jose-header';

const token = (header: object) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.e30.sig`;

describe(unsupportedHeaderProblem.name, () => {
  it.each([
    [token({ alg: 'ES256', crit: ['b64'] }), 'crit'],
    [token({ alg: 'ES256', crit: [] }), 'crit'],
    [token({ alg: 'ES256', typ: 'JWT' }), undefined],
    [token({ alg: 'ES256', jku: 'https://attacker.example/jwks' }), undefined],
    ['not-base64!.e30.sig', undefined],
    ['nodots', undefined],
  ])('%s -> %s', (input, expected) => {
    expect(unsupportedHeaderProblem(input)).toBe(expected);
  });
});
