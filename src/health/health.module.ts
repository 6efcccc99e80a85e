import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ContractsModule } from '../contracts/contracts.module';
import { GenesysModule } from '../genesys/genesys.module';
import { OutboxModule } from '../outbox/outbox.module';
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
