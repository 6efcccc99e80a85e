import { readVariables } from './env.schema';
import { VARIABLES } from './variables';

describe('the variable catalog', () => {
  it('holds defaults that pass their own rules', () => {
    const defaults = Object.fromEntries(
      Object.entries(VARIABLES)
        .filter(([, variable]) => variable.default !== undefined)
        .map(([name, variable]) => [name, String(variable.default)]),
    );

    const { values, problems } = readVariables(defaults);

    expect(problems).toEqual([]);
    expect(values.PORT).toBe(8443);
    expect(values.GENESYS_TARGET).toBe('external-events');
  });

  it('treats a blank value as unset, for every kind of variable', () => {
    const { values, given, problems } = readVariables({
      NODE_ENV: '',
      PORT: '  ',
      EVENT_VENDOR: '',
      GENESYS_LOGIN_URL: '',
      LEGACY_JWT_ISSUER: '',
    });

    expect(problems).toEqual([]);
    expect(given.size).toBe(0);
    expect(values).toMatchObject({ NODE_ENV: 'development', PORT: 8443, EVENT_VENDOR: 'legacy' });
    expect(values.GENESYS_LOGIN_URL).toBeUndefined();
  });

  it('names the variable in each problem, and finds them all at once', () => {
    const { problems } = readVariables({ PORT: 'eighty', OUTBOX_DRIVER: 'mysql', REDIS_URL: 'x' });

    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.split(/[: ]/)[0]).sort()).toEqual([
      'OUTBOX_DRIVER',
      'PORT',
      'REDIS_URL',
    ]);
  });
});
