import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth';
import { DomainError, ERROR_CATALOG, problemOf, type ProblemDetails } from '../common';
import { ContractRegistry } from '../contracts';
import { EventPublisher } from '../genesys';
import { contractEventKey } from '../ingest';
import { ApiProblems } from '../openapi';
import { ContractPreviewDto } from './contract-preview.dto';

export type ContractPreview =
  | {
      readonly ok: true;
      readonly contract: string;
      readonly configurationId: string;
      /** Exactly what would be sent to Genesys, id (the idempotency key) included. */
      readonly entity: unknown;
    }
  | {
      readonly ok: false;
      /** The status and problem+json that POST /ingest would answer. */
      readonly status: number;
      readonly problem: ProblemDetails;
    };

/** CONTRACTS_FILE seen from outside: each contract's fit, and what a body would become. */
@Controller('admin/contracts')
@AdminOnly()
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiProblems('ADMIN_UNAUTHORIZED', 'ADMIN_DISABLED', 'VALIDATION_FAILED')
export class ContractsController {
  constructor(
    @Inject(ContractRegistry) private readonly contracts: ContractRegistry,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  /** Every contract in force with its destination status (live, misfit, unverified) and why. */
  @Get()
  list(): {
    mode: 'contracts' | 'built-in';
    contracts: Array<{
      contract: string;
      configurationId: string;
      status: string;
      problems: readonly string[];
    }>;
  } {
    return {
      mode: this.contracts.enabled ? 'contracts' : 'built-in',
      contracts: this.contracts
        .statuses()
        .map(({ contract, configurationId, status, problems }) => ({
          contract,
          configurationId,
          status,
          problems,
        })),
    };
  }

  /** Stores and sends nothing: the contract matched and the entity, or the ingest answer's problem. */
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({
    description: '{ok: true, contract, configurationId, entity} or {ok: false, status, problem}',
  })
  preview(@Body() request: ContractPreviewDto): ContractPreview {
    if (!this.contracts.enabled) {
      throw new DomainError(
        'NOT_FOUND',
        'No CONTRACTS_FILE is configured: the built-in contract applies.',
      );
    }
    try {
      const resolved = this.contracts.resolve(request.issuer, request.body);
      const key = contractEventKey(request.issuer, resolved.contract, resolved.identity);
      return {
        ok: true,
        contract: resolved.contract,
        configurationId: resolved.event.configurationId,
        // Through the port, as the delivery worker sends it: contracts imply external-events.
        entity: this.publisher.requestBodyOf({
          id: 'preview',
          idempotencyKey: key.idempotencyKey,
          event: resolved.event,
        }),
      };
    } catch (error) {
      if (error instanceof DomainError) {
        return { ok: false, status: ERROR_CATALOG[error.code].status, problem: problemOf(error) };
      }
      throw error;
    }
  }
}
