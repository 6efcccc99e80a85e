import { Module } from '@nestjs/common';
import { GenesysModule } from '../genesys/genesys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliveryWorker } from './delivery.worker';

@Module({
  imports: [OutboxModule, GenesysModule],
  providers: [DeliveryWorker, DeliveryMetrics],
  exports: [DeliveryMetrics],
})
export class DeliveryModule {}
