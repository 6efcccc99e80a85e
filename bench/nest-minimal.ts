import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** The framework floor: NestJS on express with one POST route that parses JSON and answers 202. */
@Controller()
class MinimalController {
  @Post('ingest')
  @HttpCode(202)
  ingest(@Body() body: unknown): { status: string; kind: string } {
    return { status: 'accepted', kind: typeof body };
  }
}

@Module({ controllers: [MinimalController] })
class MinimalModule {}

void (async () => {
  const app = await NestFactory.create(MinimalModule, { logger: false });
  await app.listen(Number(process.argv[2]), '127.0.0.1');
  process.stdout.write('ready\n');
})();
