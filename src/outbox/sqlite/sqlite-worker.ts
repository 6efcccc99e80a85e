import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store';
import type { FromStore, StoreOp, ToStore } from './store-protocol';

/**
 * The store thread: owns the SQLite connection. Every operation that arrives before the thread is
 * idle again joins one commit; the replies go back in one message, after the commit.
 */
function serve(): void {
  const port = parentPort;
  if (!port) {
    throw new Error('sqlite-worker runs only as a worker thread');
  }
  const send = (message: FromStore): void => port.postMessage(message);
  let store: SqliteStore;
  try {
    store = new SqliteStore(workerData as SqliteStoreOptions);
  } catch (error) {
    send({ kind: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  send({ kind: 'ready', backlog: store.countBacklog() });

  let seqs: number[] = [];
  let ops: StoreOp[] = [];
  const flush = (): void => {
    if (ops.length === 0) {
      return;
    }
    const batch = { seqs, ops };
    seqs = [];
    ops = [];
    send({ kind: 'committed', seqs: batch.seqs, replies: store.commit(batch.ops) });
  };
  port.on('message', (message: ToStore) => {
    if (message.kind === 'close') {
      flush();
      store.close();
      send({ kind: 'closed' });
      port.close();
      return;
    }
    if (ops.length === 0) {
      setImmediate(flush);
    }
    seqs.push(...message.seqs);
    ops.push(...message.ops);
  });
}

serve();
