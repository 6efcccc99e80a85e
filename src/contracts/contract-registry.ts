import { type Stats, unwatchFile, watchFile } from 'node:fs';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { IssuerRegistry } from '../auth';
import { DomainError } from '../common';
import { ContractsConfig, ConfigError } from '../config';
import { DestinationSchemaClient, type DestinationLookup } from '../genesys';
import type { ContractSet, MappedEvent } from '../mapping';
import { ContractMetrics } from './contract-metrics';
import { contractStatus, type ContractStatus } from './contract-status';
import { loadContractsFile } from './contracts-file';

/** How often the file is checked for a change (a ConfigMap update swaps it within a minute or so). */
const WATCH_INTERVAL_MS = 1_000;

/** The answer to the ingest path's one question: which contract, and what entity? */
export interface ResolvedEvent {
  readonly contract: string;
  readonly event: MappedEvent;
  /** The identity values, in the contract's order: with the contract, the event's natural key. */
  readonly identity: readonly string[];
}

/** What is in force: one contract set and each contract's fit, swapped as a whole on reload. */
interface InForce {
  readonly set: ContractSet;
  readonly statuses: ReadonlyMap<string, ContractStatus>;
}

/**
 * The contracts of CONTRACTS_FILE, with their fit to their Genesys destinations. Loaded at start-up
 * (a bad file or a contract that cannot fit its destination stops the start), re-read on SIGHUP or
 * when the file changes (a bad new file keeps the old contracts), destinations re-read on a timer.
 */
@Injectable()
export class ContractRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Contracts');
  private readonly config: ContractsConfig;
  private inForce: InForce | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> = Promise.resolve(true);
  private readonly onSighup = () => void this.reload('SIGHUP');
  private readonly onFileChange = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
      void this.reload('file change');
    }
  };

  constructor(
    @Inject(IssuerRegistry) private readonly issuers: IssuerRegistry,
    @Inject(DestinationSchemaClient) private readonly destinations: DestinationSchemaClient,
    @Inject(ContractMetrics) private readonly metrics: ContractMetrics,
    @Inject(ContractsConfig) config: ContractsConfig,
  ) {
    this.config = config;
  }

  /** False without CONTRACTS_FILE: the built-in contract (the tutorial's payload) applies. */
  get enabled(): boolean {
    return this.config.file !== undefined;
  }

  async onModuleInit(): Promise<void> {
    const file = this.config.file;
    if (file === undefined) {
      return;
    }
    const loaded = await this.prepare(file);
    if (!loaded.ok) {
      throw new ConfigError(loaded.problems);
    }
    this.enforce(loaded.inForce);
    this.metrics.recordReload(true);
    this.refreshTimer = setInterval(
      () => void this.refreshDestinations(),
      this.config.destinationRefreshMs,
    );
    this.refreshTimer.unref();
    watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, this.onFileChange);
    process.on('SIGHUP', this.onSighup);
  }

  onApplicationShutdown(): void {
    clearInterval(this.refreshTimer);
    if (this.config.file !== undefined) {
      unwatchFile(this.config.file, this.onFileChange);
      process.off('SIGHUP', this.onSighup);
    }
  }

  /** Throws the DomainError the client gets: no matching contract, a misfit, or invalid fields. */
  resolve(issuer: string, body: unknown): ResolvedEvent {
    const inForce = this.current();
    const contract = inForce.set.select(issuer, body);
    if (!contract) {
      const names = inForce.set.forIssuer(issuer).map((c) => c.name);
      throw new DomainError(
        'NO_MATCHING_CONTRACT',
        names.length === 0
          ? `No contract serves issuer ${issuer}.`
          : `The event matches none of this issuer's contracts (${names.join(', ')}).`,
        { extensions: { contracts: names } },
      );
    }
    const status = inForce.statuses.get(contract.name);
    if (status?.status === 'misfit') {
      this.metrics.recordEvent(contract.name, 'not_live');
      throw new DomainError(
        'CONTRACT_NOT_LIVE',
        `Contract ${contract.name} does not fit its Genesys destination; its events are refused until it does.`,
        // Why is for operators (readiness, logs, GET /admin/contracts), not for the sender.
        { retryAfterSec: 60, extensions: { contract: contract.name } },
      );
    }
    const outcome = contract.apply(body);
    const errors = outcome.ok ? (status?.check?.(outcome.event.attributes) ?? []) : outcome.errors;
    if (!outcome.ok || errors.length > 0) {
      this.metrics.recordEvent(contract.name, 'invalid');
      throw invalid(contract.name, errors);
    }
    this.metrics.recordEvent(contract.name, 'mapped');
    return { contract: contract.name, event: outcome.event, identity: outcome.identity };
  }

  statuses(): ContractStatus[] {
    return this.inForce ? [...this.inForce.statuses.values()] : [];
  }

  /**
   * Re-reads the file; the new contracts take over only when the file is valid and none of them
   * is known not to fit its destination. Concurrent calls run one after another. Resolves whether
   * the new file is in force.
   */
  reload(reason: string): Promise<boolean> {
    const file = this.config.file;
    if (file === undefined) {
      return Promise.resolve(false);
    }
    this.reloading = this.reloading.then(async () => {
      const loaded = await this.prepare(file);
      this.metrics.recordReload(loaded.ok);
      if (!loaded.ok) {
        this.logger.error(
          `Reloading ${file} (${reason}) failed; the previous contracts stay in force:\n  - ${loaded.problems.join('\n  - ')}`,
        );
        return false;
      }
      this.enforce(loaded.inForce);
      this.logger.log(
        `Reloaded ${file} (${reason}): ${loaded.inForce.set.contracts.length} contracts`,
      );
      return true;
    });
    return this.reloading;
  }

  /** Asks Genesys again for every destination of the contracts in force. */
  async refreshDestinations(): Promise<void> {
    const inForce = this.inForce;
    if (!inForce) {
      return;
    }
    const statuses = await this.judge(inForce.set);
    // A reload may have swapped the set meanwhile: its own check is newer than this one.
    if (this.inForce?.set === inForce.set) {
      this.enforce({ set: inForce.set, statuses });
    }
  }

  private current(): InForce {
    if (!this.inForce) {
      throw new DomainError('NOT_READY', 'The contracts are not loaded yet.', { retryAfterSec: 1 });
    }
    return this.inForce;
  }

  private async prepare(
    file: string,
  ): Promise<{ ok: true; inForce: InForce } | { ok: false; problems: readonly string[] }> {
    const loaded = loadContractsFile(file, this.issuers.all);
    if (!loaded.set) {
      return { ok: false, problems: loaded.problems };
    }
    const statuses = await this.judge(loaded.set);
    const misfits = [...statuses.values()].filter((s) => s.status === 'misfit');
    if (misfits.length > 0) {
      return { ok: false, problems: misfits.flatMap((s) => s.problems) };
    }
    return { ok: true, inForce: { set: loaded.set, statuses } };
  }

  private async judge(set: ContractSet): Promise<Map<string, ContractStatus>> {
    const lookups = new Map<string, DestinationLookup>();
    await Promise.all(
      set.configurationIds().map(async (id) => {
        lookups.set(id, await this.destinations.lookup(id));
      }),
    );
    return new Map(
      set.contracts.map((contract) => [
        contract.name,
        contractStatus(contract, lookups.get(contract.configurationId) as DestinationLookup),
      ]),
    );
  }

  /** Puts contracts in force and tells the operator what changed about their fit. */
  private enforce(next: InForce): void {
    const before = this.inForce?.statuses;
    this.inForce = next;
    for (const status of next.statuses.values()) {
      const previous = before?.get(status.contract);
      if (
        previous?.status === status.status &&
        previous.problems.join() === status.problems.join()
      ) {
        continue;
      }
      if (status.status === 'live') {
        this.logger.log(`Contract ${status.contract} fits configuration ${status.configurationId}`);
      } else if (status.status === 'misfit') {
        this.logger.error(
          `Contract ${status.contract} does not fit: ${status.problems.join('; ')}`,
        );
      } else {
        this.logger.warn(
          `Contract ${status.contract} not verified yet: ${status.problems.join('; ')}`,
        );
      }
    }
    this.metrics.recordStatuses([...next.statuses.values()]);
  }
}

function invalid(
  contract: string,
  errors: ReadonlyArray<{ field: string; message: string }>,
): DomainError {
  return new DomainError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), {
    errors,
    extensions: { contract },
  });
}
