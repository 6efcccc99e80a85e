import { Module } from '@nestjs/common';
import { AdminModule } from '../admin';
import { ConsoleController } from './console.controller';

/** The operator console at /console: served by the gateway itself, over the admin API. */
@Module({
  imports: [AdminModule],
  controllers: [ConsoleController],
})
export class ConsoleModule {}
