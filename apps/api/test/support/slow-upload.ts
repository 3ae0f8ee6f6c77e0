import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { UploadOutcome } from '@phoenix4ge/shared';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';

export type SlowUploadResult =
  | {
      status: number;
      headers: http.IncomingHttpHeaders;
      body: { files?: UploadOutcome[]; error?: { code: string; message: string } };
    }
  /** The connection failed before any status arrived (refused, reset). */
  | { connectionError: string };

/**
 * One upload on its own connection whose body stops halfway until `resume` resolves: the api has it in flight
 * (its spool file exists) while the test does something to the api.
 */
export function slowUpload(options: {
  port: number;
  slug: string;
  cookie: string;
  name: string;
  data: Buffer;
  resume: Promise<void>;
}): Promise<SlowUploadResult> {
  const boundary = `drain${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const half = Math.floor(options.data.length / 2);
  return new Promise((resolve) => {
    const request = http.request({
      host: '127.0.0.1',
      port: options.port,
      method: 'POST',
      path: `/api/model-media-library/${options.slug}/upload`,
      agent: false,
      headers: {
        cookie: options.cookie,
        'x-p4g-csrf': '1',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + options.data.length + tail.length,
      },
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ connectionError: error.code ?? error.message }),
    );
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ connectionError: error.code ?? error.message }),
      );
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: JSON.parse(text || '{}'),
        }),
      );
    });
    request.write(head);
    request.write(options.data.subarray(0, half));
    void options.resume.then(() => {
      if (request.destroyed) return;
      request.write(options.data.subarray(half));
      request.end(tail);
    });
  });
}

/** Upload spool files present now in a storage root (each upload in flight has one). */
export async function spoolFiles(storageRoot: string): Promise<string[]> {
  const names = await readdir(path.join(storageRoot, LOCAL_TEMP_DIR)).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.upload'));
}
