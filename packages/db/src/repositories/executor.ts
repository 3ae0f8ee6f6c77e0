import type { Database } from '../client';

/** An open transaction (what `db.transaction` hands its callback). */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Where a repository function runs: the pool, or a transaction its caller opened (see outbox.repository). */
export type Executor = Database | Transaction;
