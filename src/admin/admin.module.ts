import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { GenesysModule } from '../genesys/genesys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminController } from './admin.controller';
import { AuditLog } from './audit-log';
import { ContractsController } from './contracts.controller';
import { EventsController } from './events.controller';

@Module({
  imports: [OutboxModule, DeliveryModule, GenesysModule, ContractsModule],
  controllers: [AdminController, ContractsController, EventsController],
  providers: [AuditLog],
})
export class AdminModule {}
