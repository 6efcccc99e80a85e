import { hasDuplicateKeys } from './duplicate-keys';
import { unsupportedHeaderProblem } from './jose-header';

const b64 = (json: string) => Buffer.from(json).toString('base64url');
const token = (header: object, payload = '{}') =>
  `${b64(JSON.stringify(header))}.${b64(payload)}.sig`;

describe(unsupportedHeaderProblem.name, () => {
  it.each([
    [token({ alg: 'ES256', crit: ['b64'] }), /critical/],
    [token({ alg: 'ES256', crit: [] }), /critical/],
    [`${b64('{"alg":"ES256","alg":"none"}')}.${b64('{}')}.sig`, /repeats/],
    [token({ alg: 'ES256' }, '{"iss":"a","sub":"x","iss":"b"}'), /repeats/],
    [token({ alg: 'ES256', typ: 'JWT' }), undefined],
    [token({ alg: 'ES256', jku: 'https://attacker.example/jwks' }), undefined],
    ['not-base64!.e30.sig', undefined],
    ['nodots', undefined],
  ])('%s -> %s', (input, expected) => {
    const problem = unsupportedHeaderProblem(input);
    if (expected === undefined) {
      expect(problem).toBeUndefined();
    } else {
      expect(problem).toMatch(expected);
    }
  });
});

describe(hasDuplicateKeys.name, () => {
  it.each([
    ['{"a":1,"b":2}', false],
    ['{"a":1,"a":2}', true],
    ['{"a":1,"\\u0061":2}', true],
    ['{"a":{"b":1},"c":{"b":2}}', false],
    ['{"a":{"b":1,"b":2}}', true],
    ['{"a":["a","a"],"b":"a"}', false],
    ['[{"x":1},{"x":1}]', false],
    ['{"s":"quote \\" and , and { inside","s2":1}', false],
    ['{"k":"v","list":[1,{"k":2}],"k":3}', true],
  ])('%s -> %s', (json, expected) => {
    expect(hasDuplicateKeys(json)).toBe(expected);
  });
});
