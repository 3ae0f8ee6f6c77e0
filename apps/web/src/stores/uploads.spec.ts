// @vitest-environment node
// The upload queue with a fake transport: concurrency, progress, outcomes, retry, cancel, an ended session.
import type { MediaSummary, NearDuplicate, UploadOutcome } from '@phoenix4ge/shared';
import { describe, expect, it, vi } from 'vitest';
import type { PickedFile } from '../lib/file-drop';
import { isSystemFile } from '../lib/file-drop';
import type { UploadResult } from '../lib/upload-request';
import { classifyResponse } from '../lib/upload-request';
import { createUploadQueue, overallProgress, rowPercent } from './uploads';

function picked(name: string, size = 100): PickedFile {
  return { file: new File([new Uint8Array(size)], name), path: name };
}

function media(id: number, name: string): MediaSummary {
  return {
    id,
    originalFilename: name,
    mimeType: 'image/jpeg',
    bytes: 100,
    sha256: 'x'.repeat(64),
    width: null,
    height: null,
    processingStatus: 'uploaded',
    processingError: null,
    moderationStatus: 'pending',
    moderationReason: null,
    moderatedAt: null,
    categoryId: null,
    altText: null,
    caption: null,
    uploadDate: new Date(),
    deletedAt: null,
    placeholder: null,
    dominantColor: null,
    thumbUrl: null,
    takenAt: null,
    orientation: null,
    cameraMake: null,
    cameraModel: null,
    hasGps: false,
    focalPoint: null,
    revision: 0,
    currentVersion: 0,
    publicVersion: null,
    publishFrom: null,
    publishUntil: null,
    publicOrder: null,
  };
}

interface FakeRequest {
  name: string;
  fields: unknown;
  onProgress: (loaded: number, total: number) => void;
  onSent: () => void;
  resolve: (result: UploadResult) => void;
  aborted: boolean;
}

function fakeQueue(known: Record<number, NearDuplicate[]> = {}) {
  const requests: FakeRequest[] = [];
  const shown: number[] = [];
  const sessionEnds: string[] = [];
  const [state, actions] = createUploadQueue({
    send: (options) => {
      let resolve: (result: UploadResult) => void = () => undefined;
      const result = new Promise<UploadResult>((done) => {
        resolve = done;
      });
      const request: FakeRequest = {
        name: options.file.name,
        fields: options.fields,
        onProgress: options.onProgress,
        onSent: options.onSent,
        resolve,
        aborted: false,
      };
      requests.push(request);
      return {
        result,
        abort: () => {
          request.aborted = true;
          resolve({ kind: 'aborted' });
        },
      };
    },
    onMedia: (_slug, item) => shown.push(item.id),
    onSessionEnded: (message) => sessionEnds.push(message),
    knownNearDuplicates: (_slug, mediaId) => known[mediaId] ?? [],
  });
  const statuses = () => state.items.map((item) => item.status);
  return { state, actions, requests, shown, sessionEnds, statuses };
}

const outcome = (value: UploadOutcome): UploadResult => ({ kind: 'outcome', outcome: value });

describe('upload queue', () => {
  it('runs three files at a time, one request each, and reports progress and outcomes', async () => {
    const { state, actions, requests, shown, statuses } = fakeQueue();
    actions.add(
      'anna',
      ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'].map((name) => picked(name)),
      {
        altText: '  A dress  ',
        caption: ' ',
      },
    );
    expect(requests.map((request) => request.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(requests[0]?.fields).toEqual({ altText: 'A dress' });
    expect(statuses()).toEqual(['uploading', 'uploading', 'uploading', 'queued', 'queued']);

    // Body bytes (file plus framing) are reported as file bytes.
    requests[0]?.onProgress(60, 120);
    expect(state.items[0]?.loaded).toBe(50);
    expect(rowPercent(state.items[0] ?? ({} as never))).toBe(50);
    requests[0]?.onSent();
    expect(state.items[0]?.sent).toBe(true);

    requests[0]?.resolve(outcome({ name: 'a.jpg', status: 'created', id: 7, media: media(7, 'a.jpg') }));
    await vi.waitFor(() =>
      expect(statuses()).toEqual(['created', 'uploading', 'uploading', 'uploading', 'queued']),
    );
    expect(shown).toEqual([7]);
    expect(state.items[0]?.mediaId).toBe(7);

    requests[1]?.resolve(outcome({ name: 'b.jpg', status: 'duplicate', id: 3, media: media(3, 'b.jpg') }));
    requests[2]?.resolve(
      outcome({
        name: 'c.jpg',
        status: 'rejected',
        error: { code: 'UNSUPPORTED_TYPE', message: 'application/pdf files are not accepted' },
      }),
    );
    await vi.waitFor(() => expect(requests).toHaveLength(5));
    expect(state.items[2]?.error?.code).toBe('UNSUPPORTED_TYPE');
    requests[3]?.resolve(outcome({ name: 'd.jpg', status: 'created', id: 8, media: media(8, 'd.jpg') }));
    requests[4]?.resolve(outcome({ name: 'e.jpg', status: 'created', id: 9, media: media(9, 'e.jpg') }));
    await vi.waitFor(() =>
      expect(statuses()).toEqual(['created', 'duplicate', 'rejected', 'created', 'created']),
    );
    expect(overallProgress(state.items).percent).toBe(100);
    expect(state.announcement).toBe('Uploads finished: 3 added, 1 already in the library, 1 rejected.');

    actions.clearFinished('anna');
    expect(state.items).toHaveLength(0);
  });

  it('shows the near-duplicates the worker announces on the created row, even when they came before the answer', async () => {
    const early: NearDuplicate = { id: 2, originalFilename: 'old.jpg', distance: 3 };
    const { state, actions, requests } = fakeQueue({ 11: [early] });
    actions.add('anna', [picked('a.jpg'), picked('b.jpg')]);
    requests[0]?.resolve(outcome({ name: 'a.jpg', status: 'created', id: 10, media: media(10, 'a.jpg') }));
    requests[1]?.resolve(outcome({ name: 'b.jpg', status: 'created', id: 11, media: media(11, 'b.jpg') }));
    await vi.waitFor(() => expect(state.items.map((item) => item.status)).toEqual(['created', 'created']));
    // The announcement for b arrived before its answer: the row shows it at once.
    expect(state.items[1]?.nearDuplicates).toEqual([early]);
    expect(state.items[0]?.nearDuplicates).toEqual([]);

    // a's arrives later, over the live events.
    const near: NearDuplicate = { id: 4, originalFilename: 'beach.jpg', distance: 6 };
    actions.nearDuplicatesFound('anna', 10, [near]);
    expect(state.items[0]?.nearDuplicates).toEqual([near]);
    expect(state.announcement).toBe('a.jpg looks like 1 item(s) already in the library');
    // Another model's item of the same id, or an item this queue did not upload, changes nothing.
    actions.nearDuplicatesFound('bob', 11, [near]);
    actions.nearDuplicatesFound('anna', 99, [near]);
    expect(state.items[1]?.nearDuplicates).toEqual([early]);
  });

  it('cancels queued and running files, retries failures, and keeps failed rows on "clear finished"', async () => {
    const { state, actions, requests, statuses } = fakeQueue();
    actions.add(
      'anna',
      ['a', 'b', 'c', 'd'].map((name) => picked(name)),
    );
    actions.cancel(state.items[3]?.id ?? 0);
    actions.cancel(state.items[0]?.id ?? 0);
    await vi.waitFor(() => expect(statuses()).toEqual(['cancelled', 'uploading', 'uploading', 'cancelled']));
    expect(requests[0]?.aborted).toBe(true);
    // The freed slot took nothing: the only other queued file was cancelled.
    expect(requests).toHaveLength(3);

    requests[1]?.resolve({
      kind: 'failure',
      failure: {
        code: 'NETWORK_ERROR',
        message: 'down',
        httpStatus: 0,
        retryable: true,
        sessionEnded: false,
      },
    });
    requests[2]?.resolve({
      kind: 'failure',
      failure: { code: 'FORBIDDEN', message: 'no', httpStatus: 403, retryable: false, sessionEnded: false },
    });
    await vi.waitFor(() => expect(statuses()).toEqual(['cancelled', 'failed', 'failed', 'cancelled']));
    expect(overallProgress(state.items).percent).toBe(0);

    actions.retryFailed('anna');
    expect(statuses()).toEqual(['cancelled', 'uploading', 'failed', 'cancelled']);
    expect(requests.at(-1)?.name).toBe('b');
    requests.at(-1)?.resolve(outcome({ name: 'b', status: 'created', id: 1, media: media(1, 'b') }));
    await vi.waitFor(() => expect(statuses()).toEqual(['cancelled', 'created', 'failed', 'cancelled']));

    actions.clearFinished('anna');
    expect(statuses()).toEqual(['failed']);
    actions.remove(state.items[0]?.id ?? 0);
    expect(state.items).toHaveLength(0);
  });

  it('pauses on an ended session and carries on once the same user is back', async () => {
    const { state, actions, requests, sessionEnds, statuses } = fakeQueue();
    actions.add(
      'anna',
      ['a', 'b', 'c', 'd'].map((name) => picked(name)),
    );
    const ended: UploadResult = {
      kind: 'failure',
      failure: { code: 'UNAUTHORIZED', message: 'x', httpStatus: 401, retryable: true, sessionEnded: true },
    };
    requests[0]?.resolve(ended);
    requests[1]?.resolve(ended);
    await vi.waitFor(() => expect(sessionEnds).toHaveLength(1));
    expect(state.paused).toBe(true);
    expect(statuses()).toEqual(['failed', 'failed', 'uploading', 'queued']);
    expect(requests).toHaveLength(3);

    actions.resume();
    expect(state.paused).toBe(false);
    expect(statuses()).toEqual(['uploading', 'uploading', 'uploading', 'queued']);
  });

  it('forgets everything for another user', async () => {
    const { state, actions, requests } = fakeQueue();
    actions.add('anna', [picked('a'), picked('b')]);
    actions.reset();
    await vi.waitFor(() => expect(requests.every((request) => request.aborted)).toBe(true));
    expect(state.items).toHaveLength(0);
  });
});

describe('upload responses', () => {
  it('turns answers into outcomes or failures', () => {
    const created = classifyResponse(201, {
      files: [
        {
          name: 'a.jpg',
          status: 'created',
          id: 1,
          media: {
            ...media(1, 'a.jpg'),
            uploadDate: '2025-05-12T10:00:00.000Z',
            takenAt: '2024-08-01T09:30:00.000Z',
          },
        },
      ],
    });
    expect(created.kind).toBe('outcome');
    if (created.kind === 'outcome' && created.outcome.status === 'created') {
      expect(created.outcome.media.uploadDate).toBeInstanceOf(Date);
      // Every date, not only the upload date: the library's filters compare them.
      expect(created.outcome.media.takenAt).toBeInstanceOf(Date);
    }
    const rejected = classifyResponse(415, {
      files: [{ name: 'a.jpg', status: 'rejected', error: { code: 'UNSUPPORTED_TYPE', message: 'no' } }],
    });
    expect(rejected).toMatchObject({ kind: 'outcome', outcome: { status: 'rejected' } });

    const cases: [number, unknown, string, boolean, boolean][] = [
      [401, { error: { code: 'UNAUTHORIZED', message: 'Sign in' } }, 'UNAUTHORIZED', true, true],
      [403, { error: { code: 'FORBIDDEN', message: 'Not a member' } }, 'FORBIDDEN', false, false],
      [404, { error: { code: 'NOT_FOUND', message: 'No model' } }, 'NOT_FOUND', false, false],
      [413, undefined, 'HTTP_413', false, false],
      [502, undefined, 'HTTP_502', true, false],
      [
        500,
        { files: [{ name: 'a', status: 'rejected', error: { code: 'UPLOAD_FAILED', message: 'disk' } }] },
        'UPLOAD_FAILED',
        true,
        false,
      ],
      [400, { error: { code: 'BAD_REQUEST', message: 'altText: too long' } }, 'BAD_REQUEST', false, false],
    ];
    for (const [status, body, code, retryable, sessionEnded] of cases) {
      expect(classifyResponse(status, body)).toMatchObject({
        kind: 'failure',
        failure: { code, retryable, sessionEnded },
      });
    }
  });

  it('leaves system clutter out of folder walks', () => {
    expect(['.DS_Store', 'Thumbs.db', 'desktop.ini', '._a.jpg'].every(isSystemFile)).toBe(true);
    expect(['a.jpg', 'thumbs.jpg'].some(isSystemFile)).toBe(false);
  });
});
