import { sandboxGenesys, UNIT_CLIENT } from '../../test/support/genesys-unit';
import { STORED_EVENT } from '../../test/support/outbox-fixtures';
import { GenesysSandbox, TUTORIAL_EVENTS_PATH } from '../sandbox/genesys-sandbox';
import { EventBridgePublisher } from './eventbridge.publisher';
import { SendCancelledError } from './event-publisher';

const EVENT = { id: 'e1', idempotencyKey: 'k1', event: STORED_EVENT };

/** The caller's last check (PublishOptions.beforeSend): after the slot, before each attempt leaves. */
describe('retry interceptor: the caller’s check before each send', () => {
  let sandbox: GenesysSandbox;
  let publisher: EventBridgePublisher;

  beforeEach(async () => {
    sandbox = await GenesysSandbox.start({
      ...UNIT_CLIENT,
      eventsPath: TUTORIAL_EVENTS_PATH,
      rateLimit: false,
    });
    const { config, client } = sandboxGenesys(sandbox, { eventsPath: TUTORIAL_EVENTS_PATH });
    publisher = new EventBridgePublisher(client(), config);
  });
  afterEach(() => sandbox.stop());

  it('never sends a call its caller cancels, and publish rejects with the cancellation', async () => {
    const beforeSend = jest.fn(() =>
      Promise.reject(new SendCancelledError('taken over by another replica')),
    );

    await expect(publisher.publish([EVENT], { beforeSend })).rejects.toBeInstanceOf(
      SendCancelledError,
    );

    expect(beforeSend).toHaveBeenCalledTimes(1);
    expect(sandbox.attempts).toEqual([]);
  });

  it('asks again before every retry, and stops the retries once the caller cancels', async () => {
    sandbox.script({ status: 503 });
    let checks = 0;
    const beforeSend = () => {
      checks += 1;
      return checks === 1
        ? Promise.resolve()
        : Promise.reject(new SendCancelledError('taken over by another replica'));
    };

    await expect(publisher.publish([EVENT], { beforeSend })).rejects.toBeInstanceOf(
      SendCancelledError,
    );

    expect(checks).toBe(2);
    expect(sandbox.attempts.map((a) => a.status)).toEqual([503]);
  });

  it('sends when the check passes', async () => {
    const beforeSend = jest.fn(() => Promise.resolve());

    const outcomes = await publisher.publish([EVENT], { beforeSend });

    expect(outcomes).toEqual([{ kind: 'delivered', status: 202 }]);
    expect(beforeSend).toHaveBeenCalledTimes(1);
  });
});
