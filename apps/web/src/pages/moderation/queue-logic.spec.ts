// @vitest-environment node
// The moderation queue's pure rules: keyboard map, score figures, current item, bulk grouping.
import { describe, expect, it } from 'vitest';
import {
  decisionMessage,
  explicitScore,
  formatPercentScore,
  groupIdsByModel,
  nextCurrent,
  percentOf,
  pruneSelection,
  queueCommand,
  scoreRows,
  statusesOf,
  stepFrom,
  suggestiveScore,
  topScores,
} from './queue-logic';

describe('queue keyboard map', () => {
  it('maps letters in either case, arrows and Space', () => {
    expect(queueCommand({ key: 'a' })).toBe('approve');
    expect(queueCommand({ key: 'A' })).toBe('approve');
    expect(queueCommand({ key: 'r' })).toBe('reject');
    expect(queueCommand({ key: 'F' })).toBe('flag');
    expect(queueCommand({ key: 'j' })).toBe('next');
    expect(queueCommand({ key: 'ArrowDown' })).toBe('next');
    expect(queueCommand({ key: 'k' })).toBe('previous');
    expect(queueCommand({ key: 'ArrowUp' })).toBe('previous');
    expect(queueCommand({ key: 'x' })).toBe('toggle');
    expect(queueCommand({ key: ' ' })).toBe('toggle');
  });

  it('leaves other keys and browser shortcuts alone', () => {
    expect(queueCommand({ key: 'Enter' })).toBeUndefined();
    expect(queueCommand({ key: 'q' })).toBeUndefined();
    expect(queueCommand({ key: 'a', ctrlKey: true })).toBeUndefined();
    expect(queueCommand({ key: 'r', metaKey: true })).toBeUndefined();
    expect(queueCommand({ key: 'f', altKey: true })).toBeUndefined();
  });
});

describe('scores', () => {
  const scores = { Drawing: 0.01, Hentai: 0.04, Neutral: 0.5, Porn: 0.3, Sexy: 0.15 };

  it('rounds to whole percent, clamped', () => {
    expect(percentOf(0.856)).toBe(86);
    expect(percentOf(0)).toBe(0);
    expect(percentOf(1.2)).toBe(100);
    expect(percentOf(-0.1)).toBe(0);
    expect(formatPercentScore(0.5)).toBe('50 %');
    expect(formatPercentScore(undefined)).toBe('–');
  });

  it('combines Porn and Hentai as explicit, Sexy as suggestive', () => {
    expect(explicitScore(scores)).toBeCloseTo(0.34);
    expect(suggestiveScore(scores)).toBe(0.15);
    expect(explicitScore({ Porn: 0.2 })).toBe(0.2);
    expect(explicitScore({ Porn: 0.7, Hentai: 0.6 })).toBe(1);
    expect(explicitScore({ Neutral: 1 })).toBeUndefined();
    expect(explicitScore(null)).toBeUndefined();
    expect(suggestiveScore(undefined)).toBeUndefined();
  });

  it('lists all five classes in order, missing ones at zero', () => {
    const rows = scoreRows({ Porn: 0.9 });
    expect(rows.map((row) => row.name)).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(rows.find((row) => row.name === 'Porn')).toMatchObject({ percent: 90, tone: 'danger' });
    expect(rows.find((row) => row.name === 'Drawing')).toMatchObject({ score: undefined, percent: 0 });
    expect(scoreRows(null).every((row) => row.score === undefined)).toBe(true);
  });

  it('picks the highest scores for the list', () => {
    expect(topScores(scores).map((row) => row.name)).toEqual(['Neutral', 'Porn']);
    expect(topScores({ Sexy: 0.2 }, 3).map((row) => row.name)).toEqual(['Sexy']);
    expect(topScores(null)).toEqual([]);
  });
});

describe('the current item', () => {
  it('stays while listed, else moves to the next one still listed, else the previous', () => {
    expect(nextCurrent([1, 2, 3], [1, 2, 3, 4], 2)).toBe(2);
    // 2 was decided: 3 takes its place.
    expect(nextCurrent([1, 2, 3], [1, 3], 2)).toBe(3);
    // 2 and 3 decided together: 4.
    expect(nextCurrent([1, 2, 3, 4], [1, 4], 2)).toBe(4);
    // The last one decided: the one before.
    expect(nextCurrent([1, 2, 3], [1, 2], 3)).toBe(2);
    expect(nextCurrent([1, 2, 3], [], 3)).toBeUndefined();
    // Nothing current yet, or an unknown id: the first.
    expect(nextCurrent([], [5, 6], undefined)).toBe(5);
    expect(nextCurrent([1], [5, 6], 9)).toBe(5);
  });

  it('steps and stops at the ends', () => {
    expect(stepFrom([1, 2, 3], 1, 1)).toBe(2);
    expect(stepFrom([1, 2, 3], 3, 1)).toBe(3);
    expect(stepFrom([1, 2, 3], 1, -1)).toBe(1);
    expect(stepFrom([1, 2, 3], undefined, 1)).toBe(1);
    expect(stepFrom([], 1, 1)).toBeUndefined();
  });
});

describe('bulk decisions', () => {
  const items = [
    { id: 1, modelSlug: 'anna' },
    { id: 2, modelSlug: 'bea' },
    { id: 3, modelSlug: 'anna' },
    { id: 4, modelSlug: 'cleo' },
  ];

  it('groups the selected ids per model, in list order', () => {
    expect(groupIdsByModel(items, new Set([3, 2, 1]))).toEqual([
      { modelSlug: 'anna', ids: [1, 3] },
      { modelSlug: 'bea', ids: [2] },
    ]);
    expect(groupIdsByModel(items, [4])).toEqual([{ modelSlug: 'cleo', ids: [4] }]);
    expect(groupIdsByModel(items, [99])).toEqual([]);
  });

  it('drops selected ids that left the list', () => {
    expect([...pruneSelection(new Set([1, 2, 9]), [1, 2, 3])]).toEqual([1, 2]);
  });

  it('announces what was decided', () => {
    expect(decisionMessage('approve', ['beach.jpg'])).toBe('Approved beach.jpg');
    expect(decisionMessage('reject', ['a.jpg', 'b.jpg'])).toBe('Rejected 2 items');
  });

  it('maps the status filter to statuses', () => {
    expect(statusesOf('open')).toEqual(['pending', 'flagged']);
    expect(statusesOf('flagged')).toEqual(['flagged']);
    expect(statusesOf('pending')).toEqual(['pending']);
  });
});
