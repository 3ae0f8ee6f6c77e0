import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as sent (chunked framing included): enough to look for bytes that must never be there. */
  body: Buffer;
}

/**
 * A GET whose request line is written byte for byte (`fetch` and `http.request` normalise `..`, refuse
 * backslashes or control characters): what a hostile client can really send.
 */
export function rawGet(baseUrl: string, rawPath: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(baseUrl);
  const head = [
    `GET ${rawPath} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return new Promise<RawResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.write(Buffer.from(head, 'latin1')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no answer to GET ${rawPath}`)));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const lines = all
        .subarray(0, split < 0 ? all.length : split)
        .toString('latin1')
        .split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const parsed: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status, headers: parsed, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4) });
    });
  });
}
