import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { DeliveryNotifier } from './delivery-notifier';
import { Outbox } from './outbox';
import { OutboxMaintenance } from './outbox-maintenance.service';
import { SqliteOutbox } from './sqlite/sqlite-outbox';

@Module({
  providers: [
    {
      provide: Outbox,
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new SqliteOutbox(config.get('outbox', { infer: true })),
      inject: [ConfigService],
    },
    DeliveryNotifier,
    OutboxMaintenance,
  ],
  exports: [Outbox, DeliveryNotifier],
})
export class OutboxModule {}
