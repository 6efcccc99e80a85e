import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts';
import { DeliveryModule } from '../delivery';
import { GenesysModule } from '../genesys';
import { OutboxModule } from '../outbox';
import { AdminController } from './admin.controller';
import { AuditLog } from './audit-log';
import { ContractsController } from './contracts.controller';
import { EventsController } from './events.controller';
import { OverviewController } from './overview.controller';
import { ReplayJobs } from './replay-jobs.service';
import { ReplaysController } from './replays.controller';
import { ReplicaStatusPublisher } from './replica-status.service';

@Module({
  imports: [OutboxModule, DeliveryModule, GenesysModule, ContractsModule],
  controllers: [
    AdminController,
    ContractsController,
    EventsController,
    OverviewController,
    ReplaysController,
  ],
  providers: [AuditLog, ReplicaStatusPublisher, ReplayJobs],
  exports: [AuditLog],
})
export class AdminModule {}
