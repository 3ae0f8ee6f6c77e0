import net from 'node:net';

/** A TCP port free on 127.0.0.1 right now (for private redis-server/mariadbd instances and bench servers). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True when something listening on 127.0.0.1:port speaks first (a MySQL greeting) within 2 s. */
export async function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}
