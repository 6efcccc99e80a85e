import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminController } from './admin.controller';

@Module({ imports: [OutboxModule], controllers: [AdminController] })
export class AdminModule {}
