/**
 * What an editor may change on one item, as plain values: the fields of an item, the difference between two
 * copies (what a save sends), and, after a CONFLICT, which fields someone else changed. Pure.
 */
import type { LibraryItem } from '@phoenix4ge/shared';

export interface EditableFields {
  altText: string;
  caption: string;
  categoryId: number | null;
  tags: string[];
  focalPoint: { x: number; y: number } | null;
}
export type EditableName = keyof EditableFields;

export const editableNames: EditableName[] = ['altText', 'caption', 'categoryId', 'tags', 'focalPoint'];

export const editableLabels: Record<EditableName, string> = {
  altText: 'Alt text',
  caption: 'Caption',
  categoryId: 'Category',
  tags: 'Tags',
  focalPoint: 'Focal point',
};

export function editableFields(
  item: Pick<LibraryItem, 'altText' | 'caption' | 'categoryId' | 'tags' | 'focalPoint'>,
): EditableFields {
  return {
    altText: item.altText ?? '',
    caption: item.caption ?? '',
    categoryId: item.categoryId,
    tags: item.tags.map((tag) => tag.name),
    focalPoint: item.focalPoint ? { x: item.focalPoint.x, y: item.focalPoint.y } : null,
  };
}

function same(name: EditableName, a: EditableFields, b: EditableFields): boolean {
  if (name === 'altText' || name === 'caption') return a[name].trim() === b[name].trim();
  if (name === 'tags') {
    const left = [...a.tags].map((tag) => tag.toLowerCase()).sort();
    const right = [...b.tags].map((tag) => tag.toLowerCase()).sort();
    return left.length === right.length && left.every((tag, index) => tag === right[index]);
  }
  return JSON.stringify(a[name]) === JSON.stringify(b[name]);
}

/** The fields of `draft` that differ from `base`. */
export function changedNames(base: EditableFields, draft: EditableFields): EditableName[] {
  return editableNames.filter((name) => !same(name, base, draft));
}

/** The `media.update` fields for these names (empty text is sent as null: no alt text). */
export function updateFields(draft: EditableFields, names: readonly EditableName[]) {
  const fields: {
    altText?: string | null;
    caption?: string | null;
    categoryId?: number | null;
    tags?: string[];
    focalPoint?: { x: number; y: number } | null;
  } = {};
  for (const name of names) {
    if (name === 'altText') fields.altText = draft.altText.trim() || null;
    else if (name === 'caption') fields.caption = draft.caption.trim() || null;
    else if (name === 'categoryId') fields.categoryId = draft.categoryId;
    else if (name === 'tags') fields.tags = draft.tags;
    else fields.focalPoint = draft.focalPoint;
  }
  return fields;
}

/** A focal point in words: "42% from the left, 30% from the top". */
export function describeFocalPoint(point: { x: number; y: number } | null): string {
  if (!point) return 'Automatic';
  return `${Math.round(point.x * 100)}% from the left, ${Math.round(point.y * 100)}% from the top`;
}

/** Where a click landed on a box, as 0–1 from its left and top (rounded to 0.1%). */
export function pointIn(
  rect: { left: number; top: number; width: number; height: number },
  x: number,
  y: number,
) {
  const clamp = (value: number) => Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
  return { x: clamp((x - rect.left) / rect.width), y: clamp((y - rect.top) / rect.height) };
}
