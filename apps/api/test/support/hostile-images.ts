import sharp from 'sharp';

/**
 * A small JPEG whose EXIF text fields carry what `text(field)` says: the camera make and model, lens, artist,
 * copyright, description, software and user comment (for tests that such text is shown inert).
 */
export function jpegWithExifText(text: (field: string) => string): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#3a6' } })
    .withExif({
      IFD0: {
        Make: text('make'),
        Model: text('model'),
        Artist: text('artist'),
        Copyright: text('copyright'),
        ImageDescription: text('description'),
        Software: text('software'),
      },
      IFD2: { LensModel: text('lens'), UserComment: text('usercomment') },
    })
    .jpeg()
    .toBuffer();
}
