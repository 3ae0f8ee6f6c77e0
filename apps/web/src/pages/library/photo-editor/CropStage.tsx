import 'cropperjs';
import type { CropperCanvas, CropperImage, CropperSelection } from 'cropperjs';
import type { Component } from 'solid-js';
import { createEffect, on, onCleanup, onMount } from 'solid-js';
import type { CropFrame } from './crop-frame';
import type { Box } from './crop-mapping';
import { boxInside, boxToCrop, cropToBox } from './crop-mapping';
import type { NormRect } from './edit-state';

const HANDLES = ['n', 'e', 's', 'w', 'ne', 'nw', 'se', 'sw'];

/** cropperjs 2's elements: the picture fitted in the canvas, not movable; a box with handles and a thirds grid. */
function buildCropper(): { canvas: CropperCanvas; image: CropperImage; selection: CropperSelection } {
  const canvas = document.createElement('cropper-canvas') as CropperCanvas;
  canvas.setAttribute('background', '');
  canvas.className = 'photo-editor-cropper';
  const image = document.createElement('cropper-image') as CropperImage;
  image.setAttribute('initial-fit', 'contain');
  image.setAttribute('alt', 'The photo to crop');
  const shade = document.createElement('cropper-shade');
  shade.setAttribute('hidden', '');
  // Dragging outside the box draws a new one.
  const select = document.createElement('cropper-handle');
  select.setAttribute('action', 'select');
  select.setAttribute('plain', '');
  const selection = document.createElement('cropper-selection') as CropperSelection;
  for (const flag of ['movable', 'resizable', 'outlined', 'precise']) selection.setAttribute(flag, '');
  selection.dataset.testid = 'crop-box';
  const grid = document.createElement('cropper-grid');
  grid.setAttribute('role', 'grid');
  grid.setAttribute('covered', '');
  grid.setAttribute('bordered', '');
  const move = document.createElement('cropper-handle');
  move.setAttribute('action', 'move');
  move.setAttribute('theme-color', 'rgba(255, 255, 255, 0.35)');
  selection.append(grid, move);
  for (const side of HANDLES) {
    const handle = document.createElement('cropper-handle');
    handle.setAttribute('action', `${side}-resize`);
    handle.dataset.testid = `crop-handle-${side}`;
    selection.append(handle);
  }
  canvas.append(image, shade, select, selection);
  return { canvas, image, selection };
}

/**
 * The crop: the frame (the photo turned, mirrored and straightened) fitted in the stage, with cropperjs's box
 * on it. The box stays on the picture: a move stops at the edges, a resize is clipped to them. The crop lives in
 * the editor's state as fractions of the frame; the box follows it (undo, presets, turns) and reports changes
 * while dragging (`commit` false) and once when the drag ends (`commit` true).
 */
export const CropStage: Component<{
  frame: CropFrame | undefined;
  crop: NormRect;
  /** The locked aspect (width ÷ height), or null for a free crop. */
  aspectRatio: number | null;
  onCrop: (crop: NormRect, commit: boolean) => void;
}> = (props) => {
  let host: HTMLDivElement | undefined;
  const { canvas, image, selection } = buildCropper();
  let ready = false;
  // Set while the box is placed from the state (its change events are ours, not the user's).
  let placing = false;

  const imageBox = (): Box => {
    const outer = canvas.getBoundingClientRect();
    const inner = image.getBoundingClientRect();
    return { x: inner.left - outer.left, y: inner.top - outer.top, width: inner.width, height: inner.height };
  };
  const boxOf = (): Box => ({
    x: selection.x,
    y: selection.y,
    width: selection.width,
    height: selection.height,
  });

  function place(crop: NormRect) {
    if (!ready) return;
    const target = cropToBox(crop, imageBox());
    const current = boxOf();
    const close = (['x', 'y', 'width', 'height'] as const).every(
      (key) => Math.abs(target[key] - current[key]) < 0.5,
    );
    if (close) return;
    placing = true;
    // No aspect for this change: the state's crop already has it, and cropperjs's "cover" adjustment could push
    // the box off the picture.
    selection.$change(target.x, target.y, target.width, target.height, Number.NaN, true);
    placing = false;
  }

  function onChange(event: Event) {
    // Changes while the picture loads (cropperjs setting itself up) are not the user's.
    if (placing || !ready) return;
    const box = (event as CustomEvent<Box>).detail;
    const picture = imageBox();
    if (picture.width <= 0 || picture.height <= 0) return;
    if (boxInside(box, picture)) {
      props.onCrop(boxToCrop(box, picture), false);
      return;
    }
    event.preventDefault();
    const moving =
      Math.abs(box.width - selection.width) < 0.5 && Math.abs(box.height - selection.height) < 0.5;
    if (moving) {
      // Slide along the edge instead of stopping short of it.
      const x = Math.min(Math.max(box.x, picture.x), picture.x + picture.width - box.width);
      const y = Math.min(Math.max(box.y, picture.y), picture.y + picture.height - box.height);
      props.onCrop(boxToCrop({ ...box, x, y }, picture), false);
    } else props.onCrop(boxToCrop(box, picture), false);
  }
  const onActionEnd = () => {
    if (ready) props.onCrop(boxToCrop(boxOf(), imageBox()), true);
  };
  const onImageLoad = () => {
    ready = true;
    // Loaded pictures are centred by cropperjs first (its listener came first); the box goes on it next.
    queueMicrotask(() => place(props.crop));
  };

  onMount(() => {
    host?.append(canvas);
    selection.addEventListener('change', onChange);
    canvas.addEventListener('actionend', onActionEnd);
    image.$image.addEventListener('load', onImageLoad);
    const observer = new ResizeObserver(() => {
      if (!ready) return;
      image.$center('contain');
      place(props.crop);
    });
    observer.observe(canvas);
    onCleanup(() => {
      observer.disconnect();
      selection.removeEventListener('change', onChange);
      canvas.removeEventListener('actionend', onActionEnd);
      image.$image.removeEventListener('load', onImageLoad);
      canvas.remove();
    });
  });

  createEffect(
    on(
      () => props.frame?.url,
      (url) => {
        if (!url || image.src === url) return;
        ready = false;
        image.src = url;
      },
    ),
  );
  createEffect(() => {
    selection.aspectRatio = props.aspectRatio ?? Number.NaN;
  });
  createEffect(() => place(props.crop));

  return (
    <div
      ref={host}
      class="photo-editor-crop w-100 h-100"
      data-testid="crop-stage"
      data-frame-width={props.frame?.width}
      data-frame-height={props.frame?.height}
    />
  );
};
