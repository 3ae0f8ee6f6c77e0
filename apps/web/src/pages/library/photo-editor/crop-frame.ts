/**
 * The picture the crop box is drawn on: the upright original (a downsized copy) turned, mirrored and
 * straightened in the browser, exactly as the operations before the crop will do on the server (quarter turns
 * and mirrors are exact; straightening keeps the centred largest upright rectangle, `cropFrameSize`). Drawn on
 * a canvas at the copy's scale, so turning or straightening shows at once with no request.
 */
import type { Size } from '@phoenix4ge/shared';
import type { EditorState } from './edit-state';

export interface CropFrame {
  /** An object URL of the drawn frame (revoke it when replaced). */
  url: string;
  width: number;
  height: number;
}

export function loadImage(src: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = 'async';
  image.src = src;
  return image.decode().then(() => image);
}

/**
 * Draws the frame of `state` from `base` (the upright original at some scale). `frame` is the frame's size in
 * the original's pixels; the drawing has the same shape at the base copy's scale.
 */
export function drawCropFrame(
  base: HTMLImageElement,
  state: Pick<EditorState, 'quarterTurns' | 'flipHorizontal' | 'flipVertical' | 'straighten'>,
  frame: Size,
  upright: Size,
): Promise<CropFrame> {
  const scale = base.naturalWidth / upright.width;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(frame.width * scale));
  canvas.height = Math.max(1, Math.round(frame.height * scale));
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw on a canvas.'));
  context.imageSmoothingQuality = 'high';
  // Applied to the picture last to first: the quarter turn, then the mirror, then the straightening, all about
  // the centre; the canvas keeps the centred frame.
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate((state.straighten * Math.PI) / 180);
  context.scale(state.flipHorizontal ? -1 : 1, state.flipVertical ? -1 : 1);
  context.rotate((state.quarterTurns * Math.PI) / 2);
  context.drawImage(base, -base.naturalWidth / 2, -base.naturalHeight / 2);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) =>
        blob
          ? resolve({ url: URL.createObjectURL(blob), width: canvas.width, height: canvas.height })
          : reject(new Error('Could not draw the photo.')),
      'image/jpeg',
      0.9,
    ),
  );
}
