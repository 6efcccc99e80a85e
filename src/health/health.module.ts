import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ContractsModule } from '../contracts';
import { GenesysModule } from '../genesys';
import { OutboxModule } from '../outbox';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.indicators';
import { StartupCheck } from './startup-check.service';

@Module({
  imports: [
    TerminusModule.forRoot({ errorLogStyle: 'json' }),
    OutboxModule,
    GenesysModule,
    ContractsModule,
  ],
  controllers: [HealthController],
  providers: [ReadinessIndicators, StartupCheck],
})
export class HealthModule {}
