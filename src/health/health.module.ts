import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GenesysModule } from '../genesys/genesys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.indicators';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' }), OutboxModule, GenesysModule],
  controllers: [HealthController],
  providers: [ReadinessIndicators],
})
export class HealthModule {}
