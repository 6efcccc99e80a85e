import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { readContractDefinitions, compileContractSet, type ContractSet } from '../mapping';

export interface LoadedContracts {
  readonly set: ContractSet | undefined;
  /** Each names the contract and the key: `contracts[0] (erp-order-created).eventTime: ...`. */
  readonly problems: readonly string[];
}

/**
 * Reads CONTRACTS_FILE (YAML or JSON: YAML 1.2 reads both) and compiles it. `schemaFile:` paths
 * are relative to the contracts file. Every contract's issuers must be issuers the gateway
 * authenticates, or nobody could ever send it.
 */
export function loadContractsFile(
  file: string,
  issuers: ReadonlyArray<{ readonly issuer: string; readonly eventTypes?: readonly string[] }>,
): LoadedContracts {
  // One place says who may send what: with contracts, that is each contract's `issuers` list.
  const typed = issuers.filter((i) => i.eventTypes !== undefined);
  if (typed.length > 0) {
    return {
      set: undefined,
      problems: typed.map(
        (i) =>
          `LEGACY_ISSUERS_FILE: ${i.issuer} sets eventTypes, which only apply to the built-in contract; with CONTRACTS_FILE each contract's issuers list says who may send it (remove eventTypes)`,
      ),
    };
  }
  const knownIssuers = new Set(issuers.map((i) => i.issuer));
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT'
        ? 'cannot read the file'
        : 'is not valid YAML or JSON';
    return { set: undefined, problems: [`CONTRACTS_FILE: ${file} ${reason}`] };
  }
  const base = dirname(resolve(file));
  const { definitions, problems } = readContractDefinitions(raw, (path) => {
    try {
      return parse(readFileSync(resolve(base, path), 'utf8')) as unknown;
    } catch {
      throw new Error(`cannot read ${path} as JSON or YAML`);
    }
  });
  definitions.forEach((definition) => {
    definition.issuers.forEach((issuer, i) => {
      if (!knownIssuers.has(issuer)) {
        problems.push(
          `contracts (${definition.name}).issuers[${i}]: ${issuer} is not an issuer of this gateway (LEGACY_ISSUERS_FILE or LEGACY_JWT_ISSUER)`,
        );
      }
    });
  });
  if (problems.length > 0) {
    return { set: undefined, problems };
  }
  return compileContractSet(definitions);
}
