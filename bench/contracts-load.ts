import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  contractFixture,
  ERP,
  twoIssuerContracts,
  type ContractFixture,
} from '../test/support/contracts';

/**
 * The contracts rows of the benchmarks: the example ERP order contract (nested body, schemaFile,
 * pattern checks, two customer references, eight attributes with number/integer/boolean/datetime
 * conversions and maps) against the sandbox configuration of its example.
 */
export interface ContractsLoad {
  readonly fixture: ContractFixture;
  readonly env: Record<string, string>;
  readonly token: string;
}

/**
 * `examples`: the three example contracts (the ERP order one is sent). `tutorial`: the tutorial's
 * payload as a contract (examples/contracts/tutorial.yaml), so the built-in contract's body and
 * configuration are measured through the contracts machinery.
 */
export function contractsLoad(file: 'examples' | 'tutorial' = 'examples'): ContractsLoad {
  const contracts =
    file === 'examples'
      ? twoIssuerContracts()
      : (parse(
          readFileSync(join(__dirname, '..', 'examples', 'contracts', 'tutorial.yaml'), 'utf8'),
        ) as unknown);
  const fixture = contractFixture(contracts);
  return { fixture, env: fixture.env, token: fixture.token(ERP) };
}

let counter = 0;

/** One ERP order body; a fresh order number each time, so every event is new. */
export function erpOrderJson(): string {
  const n = counter++;
  return (
    `{"header":{"type":"ORDER_CREATED","created_at":"2026-11-28T10:15:00+01:00","system":"SAP-ECC"},` +
    `"order":{"number":"SO-${process.pid}${n}","total":"129.50","currency":"EUR","line_count":"3",` +
    `"channel":"W","status":"N","express_flag":"X","promised_date":"2026-12-03T18:00:00+01:00",` +
    `"customer":{"id":"C-${n}","email":"ann.lee@example.com"}}}`
  );
}
