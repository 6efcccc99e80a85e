import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { GenesysTargetCheck } from '../genesys';

/** Runs the Genesys check once at start-up and logs it; never blocks or fails the start. */
@Injectable()
export class StartupCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('GenesysCheck');

  constructor(@Inject(GenesysTargetCheck) private readonly check: GenesysTargetCheck) {}

  onApplicationBootstrap(): void {
    void this.check.run().then((steps) => {
      for (const step of steps) {
        if (step.ok) {
          this.logger.log(step.detail);
        } else {
          this.logger.error(`${step.step} check failed: ${step.detail}`);
        }
      }
    });
  }
}
