import { compileContract, createSchemaCompiler, type CompiledContract } from './compile-contract';
import type { ContractDefinition } from './contract-definition';

/** The contracts of one file, compiled, with the lookup the ingest path needs. */
export class ContractSet {
  private readonly byIssuer = new Map<string, CompiledContract[]>();

  constructor(readonly contracts: readonly CompiledContract[]) {
    for (const contract of contracts) {
      for (const issuer of contract.definition.issuers) {
        const list = this.byIssuer.get(issuer) ?? [];
        list.push(contract);
        this.byIssuer.set(issuer, list);
      }
    }
  }

  get(name: string): CompiledContract | undefined {
    return this.contracts.find((contract) => contract.name === name);
  }

  forIssuer(issuer: string): readonly CompiledContract[] {
    return this.byIssuer.get(issuer) ?? [];
  }

  /** The first contract of this issuer, in file order, whose `match` the body satisfies. */
  select(issuer: string, body: unknown): CompiledContract | undefined {
    const candidates = this.byIssuer.get(issuer);
    if (candidates) {
      for (const contract of candidates) {
        if (contract.matches(body)) {
          return contract;
        }
      }
    }
    return undefined;
  }

  /** The configurations the contracts deliver to, each once. */
  configurationIds(): string[] {
    return [...new Set(this.contracts.map((c) => c.configurationId))];
  }
}

/** Compiles every definition; a schema Ajv refuses or a bad default is a problem naming its contract. */
export function compileContractSet(definitions: readonly ContractDefinition[]): {
  set: ContractSet | undefined;
  problems: string[];
} {
  const ajv = createSchemaCompiler();
  const problems: string[] = [];
  const compiled = definitions.flatMap((definition, index) => {
    try {
      return [compileContract(definition, ajv)];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const key = reason.startsWith('attribute ') ? 'genesys.attributes' : 'schema';
      problems.push(`contracts[${index}] (${definition.name}).${key}: ${reason}`);
      return [];
    }
  });
  return problems.length > 0
    ? { set: undefined, problems }
    : { set: new ContractSet(compiled), problems };
}
