import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { LifecycleService } from '../common';
import { HealthConfig } from '../config';
import { ContractRegistry } from '../contracts';
import { GenesysTokenService } from '../genesys';
import { Outbox } from '../outbox';

/**
 * Readiness means "this replica can accept events": not draining, store answering, backlog under
 * its bound. Genesys' state is reported but never fails readiness: during a Genesys outage the
 * gateway must keep accepting (and queueing) events, so Kubernetes must keep sending them.
 */
@Injectable()
export class ReadinessIndicators {
  private readonly maxBacklog: number;

  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(GenesysTokenService) private readonly tokens: GenesysTokenService,
    @Inject(ContractRegistry) private readonly contracts: ContractRegistry,
    @Inject(HealthConfig) config: HealthConfig,
  ) {
    this.maxBacklog = config.maxBacklog;
  }

  lifecycleCheck(): HealthIndicatorResult {
    const check = this.health.check('lifecycle');
    return this.lifecycle.draining
      ? check.down({ state: 'draining' })
      : check.up({ state: 'serving' });
  }

  async storeCheck(): Promise<HealthIndicatorResult> {
    const check = this.health.check('store');
    try {
      await this.outbox.ping();
    } catch {
      return check.down({ reason: 'store not answering' });
    }
    const backlog = this.outbox.backlog();
    return backlog < this.maxBacklog
      ? check.up({ backlog })
      : check.down({ backlog, reason: 'backlog full' });
  }

  /** Liveness: only a store that cannot come back without a restart (a dead SQLite thread). */
  storeAliveCheck(): HealthIndicatorResult {
    const check = this.health.check('store');
    return this.outbox.isAlive() ? check.up() : check.down({ reason: 'store thread stopped' });
  }

  /**
   * A contract that Genesys says cannot fit its destination fails readiness (its events are
   * refused): an operator must see it. Not verified yet (Genesys unreachable) does not.
   */
  contractsCheck(): HealthIndicatorResult {
    const check = this.health.check('contracts');
    if (!this.contracts.enabled) {
      return check.up({ mode: 'built-in' });
    }
    const statuses = this.contracts.statuses();
    const misfits = statuses.filter((s) => s.status === 'misfit');
    const summary = Object.fromEntries(statuses.map((s) => [s.contract, s.status]));
    return misfits.length === 0
      ? check.up({ contracts: summary })
      : check.down({ contracts: summary, problems: misfits.flatMap((s) => s.problems) });
  }

  genesysInfo(): HealthIndicatorResult {
    return this.health
      .check('genesys')
      .up({ tokenCached: this.tokens.hasValidToken(), affectsReadiness: false });
  }
}
