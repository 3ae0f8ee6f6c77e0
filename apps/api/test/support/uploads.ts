import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UploadOutcome } from '@phoenix4ge/shared';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/images');

export interface ManifestRow {
  file: string;
  expected: string;
  sharpFormat: string;
  width: number;
  height: number;
  pages: number;
  orientation: number;
  sha256: string;
  bytes: number;
}

/** The fixtures' MANIFEST.tsv: each real image and its expected outcome. */
export function readManifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(path.join(fixturesDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = (header ?? '').split('\t');
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? '';
  return lines.map((line) => {
    const cells = line.split('\t');
    return {
      file: at(cells, 'file'),
      expected: at(cells, 'expected'),
      sharpFormat: at(cells, 'sharp_format'),
      width: Number(at(cells, 'width')),
      height: Number(at(cells, 'height')),
      pages: Number(at(cells, 'pages') || 1),
      orientation: Number(at(cells, 'exif_orientation') || 1),
      sha256: at(cells, 'sha256'),
      bytes: Number(at(cells, 'bytes')),
    };
  });
}

export function fixture(name: string): Buffer {
  return readFileSync(path.join(fixturesDir, name));
}

export interface UploadFile {
  name: string;
  data: Buffer;
  type?: string;
}

/** Posts files (and fields) to the upload route as a browser form would. */
export async function upload(
  baseUrl: string,
  modelSlug: string,
  files: UploadFile[],
  options: { headers?: Record<string, string>; fields?: Record<string, string> } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  for (const file of files) {
    form.append(
      'file',
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  const response = await fetch(`${baseUrl}/api/model-media-library/${modelSlug}/upload`, {
    method: 'POST',
    headers: { 'x-p4g-csrf': '1', ...options.headers },
    body: form,
  });
  const body = (await response.json()) as {
    files?: UploadOutcome[];
    error?: { code: string; message: string };
  };
  return { status: response.status, body, headers: response.headers };
}
