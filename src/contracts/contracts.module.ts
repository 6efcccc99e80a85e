import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { GenesysModule } from '../genesys';
import { ContractMetrics } from './contract-metrics';
import { ContractRegistry } from './contract-registry';

/** CONTRACTS_FILE: which contract an event falls under, and the entity it maps to. */
@Module({
  imports: [AuthModule, GenesysModule],
  providers: [ContractRegistry, ContractMetrics],
  exports: [ContractRegistry],
})
export class ContractsModule {}
