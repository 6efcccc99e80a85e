import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { GenesysModule } from '../genesys/genesys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminController } from './admin.controller';

@Module({ imports: [OutboxModule, DeliveryModule, GenesysModule], controllers: [AdminController] })
export class AdminModule {}
