import { Module } from '@nestjs/common';
import { GenesysModule } from '../genesys/genesys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeliveryWorker } from './delivery.worker';

@Module({ imports: [OutboxModule, GenesysModule], providers: [DeliveryWorker] })
export class DeliveryModule {}
