import { ConsoleSessionSigner, cookieValue } from './console-session';

describe('ConsoleSessionSigner', () => {
  const signer = new ConsoleSessionSigner('admin-token-0123456789abcdef');
  const now = 1_800_000_000_000;

  it('accepts its own cookie until it expires', () => {
    const { session, cookie } = signer.issue(now, 60_000);
    expect(signer.verify(cookie, now + 59_999)).toEqual(session);
    expect(signer.verify(cookie, now + 60_000)).toBeUndefined();
  });

  it('refuses altered, forged and foreign cookies', () => {
    const { cookie } = signer.issue(now, 60_000);
    const [payload, mac] = cookie.split('.');
    const longer = Buffer.from(JSON.stringify({ sid: 'x', expiresAt: now * 2 })).toString(
      'base64url',
    );
    expect(signer.verify(`${longer}.${mac}`, now)).toBeUndefined();
    expect(signer.verify(`${payload}.${mac.slice(1)}x`, now)).toBeUndefined();
    expect(signer.verify(`${payload}`, now)).toBeUndefined();
    expect(signer.verify(`${cookie}.extra`, now)).toBeUndefined();
    expect(signer.verify(undefined, now)).toBeUndefined();
    // Another admin token (after a rotation) ends every session.
    expect(
      new ConsoleSessionSigner('another-token-0123456789abcdef').verify(cookie, now),
    ).toBeUndefined();
  });

  it('never puts the admin token in the cookie', () => {
    const { cookie } = signer.issue(now, 60_000);
    expect(Buffer.from(cookie.split('.')[0], 'base64url').toString()).not.toContain('admin-token');
  });
});

describe('cookieValue', () => {
  it('finds one cookie among others', () => {
    const headers = { cookie: 'a=1; gateway_console=abc.def; b=2' };
    expect(cookieValue({ headers }, 'gateway_console')).toBe('abc.def');
    expect(cookieValue({ headers }, 'missing')).toBeUndefined();
    expect(cookieValue({ headers: {} }, 'a')).toBeUndefined();
  });
});
