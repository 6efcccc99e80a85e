import { Module } from '@nestjs/common';
import { GenesysModule } from '../genesys';
import { OutboxModule } from '../outbox';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliveryWorker } from './delivery.worker';

@Module({
  imports: [OutboxModule, GenesysModule],
  providers: [DeliveryWorker, DeliveryMetrics],
  exports: [DeliveryMetrics],
})
export class DeliveryModule {}
