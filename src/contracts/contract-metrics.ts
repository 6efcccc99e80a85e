import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '../common';

type EventOutcome = 'mapped' | 'invalid' | 'not_live';

/** Contracts in /metrics: reloads, whether the file on disk is the one in force, each contract's fit. */
@Injectable()
export class ContractMetrics {
  private readonly reloads: Counter<'result'>;
  private readonly reloadFailing: Gauge;
  private readonly live: Gauge<'contract'>;
  private readonly events: Counter<'contract' | 'outcome'>;
  /** Bound children per contract, so counting an event costs no label hashing on the ingest path. */
  private readonly bound = new Map<string, Record<EventOutcome, Counter.Internal>>();

  constructor(@Inject(MetricsRegistry) registry: MetricsRegistry) {
    this.reloads = new Counter({
      name: 'gateway_contracts_reloads_total',
      help: 'Reloads of CONTRACTS_FILE by result (failed: the previous contracts stay in force).',
      labelNames: ['result'],
      registers: [registry],
    });
    this.reloadFailing = new Gauge({
      name: 'gateway_contracts_reload_failing',
      help: '1 while the last reload of CONTRACTS_FILE failed and older contracts are in force.',
      registers: [registry],
    });
    this.live = new Gauge({
      name: 'gateway_contract_live',
      help: 'Per contract: 1 fits its Genesys destination, 0 does not (events refused), 0.5 not verified yet.',
      labelNames: ['contract'],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'gateway_contract_events_total',
      help: 'Events judged by a contract: mapped (then stored or replayed), invalid (400) or refused while the contract does not fit (503).',
      labelNames: ['contract', 'outcome'],
      registers: [registry],
    });
  }

  recordEvent(contract: string, outcome: EventOutcome): void {
    let children = this.bound.get(contract);
    if (!children) {
      children = {
        mapped: this.events.labels(contract, 'mapped'),
        invalid: this.events.labels(contract, 'invalid'),
        not_live: this.events.labels(contract, 'not_live'),
      };
      this.bound.set(contract, children);
    }
    children[outcome].inc();
  }

  recordReload(ok: boolean): void {
    this.reloads.inc({ result: ok ? 'ok' : 'failed' });
    this.reloadFailing.set(ok ? 0 : 1);
  }

  recordStatuses(statuses: ReadonlyArray<{ contract: string; status: string }>): void {
    this.live.reset();
    for (const { contract, status } of statuses) {
      this.live.set({ contract }, status === 'live' ? 1 : status === 'misfit' ? 0 : 0.5);
    }
  }
}
