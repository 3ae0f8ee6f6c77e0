import type { Size } from '../../schemas/edits';

/** C's `VIPS_ROUND_INT`: halves away from zero. */
const vipsRound = (value: number) => (value > 0 ? Math.floor(value + 0.5) : Math.ceil(value - 0.5));

/**
 * What libvips makes of turning a `size` image by `degrees` (and zooming by `zoom`), as its affine does it: the
 * output is the bounding box of the turned pixel edges, its origin rounded, while pixel centres sit at whole
 * coordinates. So the picture's centre lands up to a pixel right and down of the output's middle (near 180°),
 * and the window must be placed from the centre computed here, not from the middle.
 */
export function turnedLayout(size: Size, degrees: number, zoom = 1) {
  const angle = (degrees * Math.PI) / 180;
  const [a, b, c, d] = [
    zoom * Math.cos(angle),
    -zoom * Math.sin(angle),
    zoom * Math.sin(angle),
    zoom * Math.cos(angle),
  ];
  const { width: w, height: h } = size;
  const xs = [0, a * w, b * h, a * w + b * h];
  const ys = [0, c * w, d * h, c * w + d * h];
  const left = vipsRound(Math.min(...xs));
  const top = vipsRound(Math.min(...ys));
  return {
    bounds: {
      width: vipsRound(Math.max(...xs) - Math.min(...xs)),
      height: vipsRound(Math.max(...ys) - Math.min(...ys)),
    },
    centre: {
      x: (a * (w - 1)) / 2 + (b * (h - 1)) / 2 - left,
      y: (c * (w - 1)) / 2 + (d * (h - 1)) / 2 - top,
    },
  };
}
