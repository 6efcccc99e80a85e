import { Inject, Injectable } from '@nestjs/common';
import { AuthConfig, type IssuerConfig } from '../config';

/** The legacy systems allowed in, by issuer (`iss`). */
@Injectable()
export class IssuerRegistry {
  private readonly byIssuer: ReadonlyMap<string, IssuerConfig>;

  constructor(@Inject(AuthConfig) config: AuthConfig) {
    const issuers = config.issuers;
    this.byIssuer = new Map(issuers.map((entry) => [entry.issuer, entry]));
  }

  get(issuer: string): IssuerConfig | undefined {
    return this.byIssuer.get(issuer);
  }

  get all(): readonly IssuerConfig[] {
    return [...this.byIssuer.values()];
  }

  /** Whether the issuer may send this event type (`category.action`, normalised by the mapping). */
  allows(issuer: IssuerConfig, categoryAction: string): boolean {
    return (
      issuer.eventTypes === undefined ||
      issuer.eventTypes.some(
        (pattern) =>
          pattern === '*' ||
          pattern === categoryAction ||
          (pattern.endsWith('.*') && categoryAction.startsWith(pattern.slice(0, -1))),
      )
    );
  }
}
