// @vitest-environment node
import { MediaUpdateSchema } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import type { EditableFields } from './item-edits';
import { changedNames, describeFocalPoint, editableFields, pointIn, updateFields } from './item-edits';

const base: EditableFields = {
  altText: 'A portrait',
  caption: '',
  categoryId: 3,
  tags: ['beach', 'Studio'],
  focalPoint: null,
};

describe('item edits', () => {
  it('reads an item into editable fields', () => {
    expect(
      editableFields({
        altText: null,
        caption: 'Spring',
        categoryId: null,
        tags: [{ id: 1, name: 'beach' }],
        focalPoint: { x: 0.25, y: 0.5 },
      }),
    ).toEqual({
      altText: '',
      caption: 'Spring',
      categoryId: null,
      tags: ['beach'],
      focalPoint: { x: 0.25, y: 0.5 },
    });
  });

  it('finds what changed: text trimmed, tags as a set ignoring case', () => {
    expect(changedNames(base, { ...base, altText: ' A portrait  ', tags: ['studio', 'BEACH'] })).toEqual([]);
    expect(changedNames(base, { ...base, caption: 'New', focalPoint: { x: 0.1, y: 0.2 } })).toEqual([
      'caption',
      'focalPoint',
    ]);
    expect(changedNames(base, { ...base, categoryId: null, tags: ['beach'] })).toEqual([
      'categoryId',
      'tags',
    ]);
  });

  it('sends only the changed fields, empty text as none, in a shape the api accepts', () => {
    const draft: EditableFields = { ...base, altText: '  ', caption: ' Spring ', focalPoint: { x: 1, y: 0 } };
    const fields = updateFields(draft, changedNames(base, draft));
    expect(fields).toEqual({ altText: null, caption: 'Spring', focalPoint: { x: 1, y: 0 } });
    expect(MediaUpdateSchema.safeParse({ id: 1, revision: 4, ...fields }).success).toBe(true);
  });

  it('turns a click into a focal point inside the picture', () => {
    const rect = { left: 100, top: 50, width: 400, height: 200 };
    expect(pointIn(rect, 200, 100)).toEqual({ x: 0.25, y: 0.25 });
    expect(pointIn(rect, 50, 400)).toEqual({ x: 0, y: 1 });
    expect(describeFocalPoint({ x: 0.25, y: 0.333 })).toBe('25% from the left, 33% from the top');
    expect(describeFocalPoint(null)).toBe('Automatic');
  });
});
