import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MappingModule } from '../mapping/mapping.module';
import { OutboxModule } from '../outbox/outbox.module';
import { BatchIngestController } from './batch-ingest.controller';
import { BatchIngestService } from './batch-ingest.service';
import { EventDecoder } from './event-decoder';
import { EventsController } from './events.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

@Module({
  imports: [AuthModule, MappingModule, OutboxModule],
  // BatchIngestController first: its path is more specific than IngestController's catch-all.
  controllers: [BatchIngestController, IngestController, EventsController],
  providers: [IngestService, BatchIngestService, EventDecoder],
})
export class IngestModule {}
