import type mysql from 'mysql2/promise';

/**
 * Runs `work` while holding the server-wide named lock `name` (MySQL/MariaDB GET_LOCK), so a check-then-insert
 * cannot race between processes. Throws when the lock is not granted within `timeoutSeconds`.
 */
export async function withNamedLock<T>(
  pool: mysql.Pool,
  name: string,
  timeoutSeconds: number,
  work: () => Promise<T>,
): Promise<T> {
  const connection = await pool.getConnection();
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS granted', [
      name,
      timeoutSeconds,
    ]);
    if (rows[0]?.granted !== 1) throw new Error(`Timed out waiting for the lock "${name}"`);
    try {
      return await work();
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    connection.release();
  }
}
