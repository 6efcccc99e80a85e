import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MappingModule } from '../mapping/mapping.module';
import { OutboxModule } from '../outbox/outbox.module';
import { EventsController } from './events.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

@Module({
  imports: [AuthModule, MappingModule, OutboxModule],
  controllers: [IngestController, EventsController],
  providers: [IngestService],
})
export class IngestModule {}
