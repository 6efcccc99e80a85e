import type { DestinationLookup } from '../genesys';
import {
  type CompiledContract,
  compileDestinationCheck,
  destinationMisfits,
  readDestinationSchema,
  type AttributeValue,
} from '../mapping';
import type { FieldError } from '../common';

export type DestinationCheck = (
  attributes: Readonly<Record<string, AttributeValue>>,
) => FieldError[];

/**
 * live: fits its Genesys destination. misfit: does not (its events are refused, readiness fails).
 * unverified: Genesys could not be asked yet (its events are accepted, checked against its own
 * schema only).
 */
export interface ContractStatus {
  readonly contract: string;
  readonly configurationId: string;
  readonly status: 'live' | 'misfit' | 'unverified';
  readonly problems: readonly string[];
  /** The per-event check against the destination schema, when the schema is known. */
  readonly check: DestinationCheck | undefined;
}

/** Judges one contract against what Genesys said about its configuration (pure). */
export function contractStatus(
  contract: CompiledContract,
  lookup: DestinationLookup,
): ContractStatus {
  const base = { contract: contract.name, configurationId: contract.configurationId };
  const where = `contract ${contract.name} (configuration ${contract.configurationId})`;
  if (lookup.kind === 'unknown') {
    return {
      ...base,
      status: 'unverified',
      problems: [`${where}: ${lookup.detail}`],
      check: undefined,
    };
  }
  if (lookup.kind === 'missing') {
    return {
      ...base,
      status: 'misfit',
      problems: [`${where}: ${lookup.detail}`],
      check: undefined,
    };
  }
  if (!lookup.schemaActive) {
    return {
      ...base,
      status: 'misfit',
      problems: [`${where}: its schema ${lookup.schemaId} is not active in Genesys`],
      check: undefined,
    };
  }
  const schema = readDestinationSchema(lookup.jsonSchema);
  if (!schema) {
    return {
      ...base,
      status: 'misfit',
      problems: [`${where}: schema ${lookup.schemaId} declares no properties`],
      check: undefined,
    };
  }
  const problems = destinationMisfits(contract.definition, schema);
  return {
    ...base,
    status: problems.length > 0 ? 'misfit' : 'live',
    problems,
    check: compileDestinationCheck(schema),
  };
}
