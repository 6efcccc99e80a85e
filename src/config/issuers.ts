import { createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  JWT_ALGORITHMS,
  type IssuerConfig,
  type IssuerKeys,
  type JwtAlgorithm,
  type StaticKey,
} from './app-config';
import type { Variables } from './variables';
import { IssuerRegistryFile } from './issuer-registry.schema';

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

export function readAlgorithms(vars: Variables): JwtAlgorithm[] {
  const listed = vars.LEGACY_JWT_ALGORITHMS.split(',').map((a) => a.trim());
  return JWT_ALGORITHMS.filter((algorithm) => listed.includes(algorithm));
}

/**
 * The legacy systems allowed in: LEGACY_ISSUERS_FILE (many), or the LEGACY_JWT_* variables (one).
 * Every key is parsed and checked against the allowed algorithms here, at boot.
 */
export function readIssuers(
  vars: Variables,
  algorithms: readonly JwtAlgorithm[],
  defaults: { readonly issuer: string; readonly audience: string; readonly sourceSystem: string },
  readPem: () => string | undefined,
  problems: string[],
): IssuerConfig[] {
  const keyDir =
    vars.LEGACY_JWT_PUB_KEY_FILE && isDirectory(vars.LEGACY_JWT_PUB_KEY_FILE)
      ? vars.LEGACY_JWT_PUB_KEY_FILE
      : undefined;
  const pem = keyDir ? undefined : readPem();
  if (vars.LEGACY_ISSUERS_FILE) {
    if (vars.LEGACY_JWT_ISSUER || pem || keyDir || vars.LEGACY_JWKS_URL) {
      problems.push(
        'LEGACY_ISSUERS_FILE: set it or LEGACY_JWT_ISSUER / LEGACY_JWT_PUB_KEY / LEGACY_JWKS_URL, not both',
      );
      return [];
    }
    return readRegistryFile(vars.LEGACY_ISSUERS_FILE, vars, algorithms, defaults, problems);
  }
  const name = 'LEGACY_JWT_PUB_KEY';
  let keys: IssuerKeys | undefined;
  if (vars.LEGACY_JWKS_URL && (pem || keyDir)) {
    problems.push(`LEGACY_JWKS_URL / ${name}: set one of them, not both`);
  } else if (vars.LEGACY_JWKS_URL) {
    keys = jwksKeys(vars.LEGACY_JWKS_URL, 'LEGACY_JWKS_URL', problems);
  } else if (keyDir) {
    keys = staticKeys(readKeyDirectory(keyDir), algorithms, name, problems);
  } else if (pem) {
    keys = staticKeys(
      parsePemText(pem.replace(/\\n/g, '\n'), name, problems),
      algorithms,
      name,
      problems,
    );
  } else {
    problems.push(`${name}: is required (PEM text, LEGACY_JWT_PUB_KEY_FILE, or LEGACY_JWKS_URL)`);
  }
  if (!keys) {
    return [];
  }
  return [
    {
      issuer: defaults.issuer,
      audience: defaults.audience,
      keys,
      sourceSystem: defaults.sourceSystem,
      eventTypes: undefined,
      rateLimitPerMinute: vars.LEGACY_RATE_LIMIT_PER_MINUTE,
    },
  ];
}

function readRegistryFile(
  file: string,
  vars: Variables,
  algorithms: readonly JwtAlgorithm[],
  defaults: { readonly sourceSystem: string },
  problems: string[],
): IssuerConfig[] {
  const name = 'LEGACY_ISSUERS_FILE';
  let raw: unknown;
  try {
    // YAML 1.2 is a superset of JSON: one parser reads both. Loaded only here, when a registry is
    // configured: a single-issuer gateway does not carry the parser (~9 MB of RSS).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('yaml') as typeof import('yaml');
    raw = yaml.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT'
        ? 'cannot read the file'
        : 'is not valid YAML or JSON';
    problems.push(`${name}: ${reason}`);
    return [];
  }
  const registry = plainToInstance(IssuerRegistryFile, raw ?? {});
  const errors = validateSync(registry, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    problems.push(...flatten(errors).map((message) => `${name}: ${message}`));
    return [];
  }
  const base = dirname(resolve(file));
  const seen = new Set<string>();
  return registry.issuers.flatMap((entry, i): IssuerConfig[] => {
    const where = `${name}: issuers[${i}] (${entry.issuer})`;
    if (seen.has(entry.issuer)) {
      problems.push(`${where}: the issuer is listed twice`);
      return [];
    }
    seen.add(entry.issuer);
    if (Boolean(entry.keys) === Boolean(entry.jwksUrl)) {
      problems.push(`${where}: set exactly one of keys and jwksUrl`);
      return [];
    }
    const keys = entry.jwksUrl
      ? jwksKeys(entry.jwksUrl, where, problems)
      : staticKeys(
          (entry.keys ?? []).flatMap((path) => readKeyPath(join(base, path), where, problems)),
          algorithms,
          where,
          problems,
        );
    if (!keys) {
      return [];
    }
    return [
      {
        issuer: entry.issuer,
        audience: entry.audience,
        keys,
        sourceSystem: entry.sourceSystem ?? defaults.sourceSystem,
        eventTypes: entry.eventTypes,
        rateLimitPerMinute: entry.rateLimitPerMinute ?? vars.LEGACY_RATE_LIMIT_PER_MINUTE,
      },
    ];
  });
}

/** Plain http only on loopback (tests, sidecars): a JWKS fetched in clear could be swapped. */
function jwksKeys(url: string, where: string, problems: string[]): IssuerKeys | undefined {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    problems.push(`${where}: a JWKS URL must use https (plain http only on loopback)`);
    return undefined;
  }
  return { kind: 'jwks', url };
}

function staticKeys(
  keys: StaticKey[],
  algorithms: readonly JwtAlgorithm[],
  where: string,
  problems: string[],
): IssuerKeys | undefined {
  if (keys.length === 0) {
    problems.push(`${where}: no PEM public key found`);
    return undefined;
  }
  for (const { key, kid } of keys) {
    if (!algorithms.some((algorithm) => keyFits(key, algorithm))) {
      problems.push(
        `${where}: key ${kid ?? '(unnamed)'} fits none of LEGACY_JWT_ALGORITHMS (${algorithms.join(', ')})`,
      );
      return undefined;
    }
  }
  return { kind: 'static', keys };
}

/** Whether a public key can verify signatures of this algorithm (curve and RSA size included). */
export function keyFits(key: KeyObject, algorithm: JwtAlgorithm): boolean {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  switch (algorithm) {
    case 'ES256':
      return key.asymmetricKeyType === 'ec' && curve === 'prime256v1';
    case 'ES384':
      return key.asymmetricKeyType === 'ec' && curve === 'secp384r1';
    case 'ES512':
      return key.asymmetricKeyType === 'ec' && curve === 'secp521r1';
    case 'RS256':
    case 'PS256':
      return (
        key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048
      );
  }
}

function parsePemBundle(text: string, kid: string | undefined): StaticKey[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  // One key in a file named after its kid; several (a bundle) are told apart by trying each.
  return blocks.map((block) => ({
    kid: blocks.length === 1 ? kid : undefined,
    key: createPublicKey(block),
  }));
}

function parsePemText(text: string, where: string, problems: string[]): StaticKey[] {
  try {
    return parsePemBundle(text, undefined);
  } catch {
    problems.push(`${where}: is not a valid PEM public key`);
    return [];
  }
}

function readKeyPath(path: string, where: string, problems: string[]): StaticKey[] {
  try {
    return isDirectory(path)
      ? readKeyDirectory(path)
      : parsePemBundle(readFileSync(path, 'utf8'), kidOf(path));
  } catch {
    problems.push(`${where}: cannot read a PEM public key from ${basename(path)}`);
    return [];
  }
}

/** Every *.pem of a directory (a mounted Kubernetes secret, say); the file name is the kid. */
function readKeyDirectory(dir: string): StaticKey[] {
  return readdirSync(dir)
    .filter((file) => extname(file) === '.pem')
    .sort()
    .flatMap((file) => parsePemBundle(readFileSync(join(dir, file), 'utf8'), kidOf(file)));
}

function kidOf(path: string): string {
  return basename(path, extname(path));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${prefix && !/^\d+$/.test(error.property) ? '.' : ''}${/^\d+$/.test(error.property) ? `[${error.property}]` : error.property}`;
    return [
      ...Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`),
      ...flatten(error.children ?? [], path),
    ];
  });
}
