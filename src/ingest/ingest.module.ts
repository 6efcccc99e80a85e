import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { ContractsModule } from '../contracts';
import { MappingModule } from '../mapping';
import { OutboxModule } from '../outbox';
import { BatchIngestController } from './batch-ingest.controller';
import { BatchIngestService } from './batch-ingest.service';
import { EventDecoder } from './event-decoder';
import { EventsController } from './events.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { Admission } from './admission';
import { EventResolution } from './event-resolution';
import { Ledger } from './ledger';
import { Settlement } from './settlement';

@Module({
  imports: [AuthModule, ContractsModule, MappingModule, OutboxModule],
  // BatchIngestController first: its path is more specific than IngestController's catch-all.
  controllers: [BatchIngestController, IngestController, EventsController],
  providers: [
    IngestService,
    BatchIngestService,
    EventDecoder,
    Admission,
    EventResolution,
    Ledger,
    Settlement,
  ],
})
export class IngestModule {}
