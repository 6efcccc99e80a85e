import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store';
import type { FromStore, StoreOp, ToStore } from './store-protocol';

/**
 * The store thread: owns the SQLite connection. Every operation that arrives before the thread is
 * idle again joins one commit; the replies go back in one message, after the commit. The
 * reference index is written after that, when no commit waits (SqliteStore.indexReferences).
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
    if (store.referencesDue() !== 'no') {
      setImmediate(indexWhenIdle);
    }
  };
  // After the replies: the reference index waits for a moment with no commit to run (or for one
  // it cannot wait past), so acknowledgements never wait for it.
  const indexWhenIdle = (): void => {
    const due = store.referencesDue();
    if (due === 'now' || (due === 'when-idle' && ops.length === 0)) {
      store.indexReferences();
    }
  };
  port.on('message', (message: ToStore) => {
    if (message.kind === 'close') {
      flush();
      store.indexReferences();
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
