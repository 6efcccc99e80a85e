import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

export type SettledState = 'delivered' | 'dead';

/**
 * In-process signals between ingest and delivery: "new work" wakes the worker at once instead of
 * at its next poll, and "event settled" releases requests waiting under `Prefer: wait`.
 */
@Injectable()
export class DeliveryNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  wake(): void {
    this.emitter.emit('wake');
  }

  onWake(listener: () => void): () => void {
    this.emitter.on('wake', listener);
    return () => this.emitter.off('wake', listener);
  }

  settled(id: string, state: SettledState): void {
    this.emitter.emit(`settled:${id}`, state);
  }

  /** Subscribes before the caller re-reads the store, so a settlement in between is not missed. */
  subscribe(id: string, listener: (state: SettledState) => void): () => void {
    this.emitter.once(`settled:${id}`, listener);
    return () => this.emitter.off(`settled:${id}`, listener);
  }
}
