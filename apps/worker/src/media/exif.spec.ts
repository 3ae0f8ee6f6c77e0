import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaExifSchema } from '@phoenix4ge/shared';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifOf, parseExif, readExif } from './exif';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../api/test/fixtures/images',
);
const read = (name: string) => readExif(path.join(fixtures, name));

describe('readExif on real files', () => {
  it('reads the camera data of a WebP (EXIF chunk after the image data)', async () => {
    expect(await read('Nikon_Coolpix_P7000.webp')).toEqual({
      camera: { make: 'NIKON', model: 'COOLPIX P7000' },
      exposureTime: 10 / 8110,
      exposure: '1/811 s',
      fNumber: 4.5,
      iso: 100,
      focalLength: 6,
      focalLength35mm: 28,
      dateTaken: '2010-10-21T11:22:48.000Z',
      orientation: 6,
      software: 'COOLPIX P7000V1.0',
    });
  });

  it('reads a JPEG with GPS in the northern and eastern hemispheres', async () => {
    const exif = await read('DSCN0010.jpg');
    expect(exif).toMatchObject({
      camera: { make: 'NIKON', model: 'COOLPIX P6000' },
      exposure: '1/75 s',
      fNumber: 5.9,
      iso: 64,
      focalLength: 24,
      focalLength35mm: 112,
      dateTaken: '2008-10-22T16:28:39.000Z',
      orientation: 1,
    });
    expect(exif.gps?.latitude).toBeCloseTo(43.46745, 5);
    expect(exif.gps?.longitude).toBeCloseTo(11.88513, 5);
  });

  it('gives southern latitudes and western longitudes a negative sign', async () => {
    const kodak = await read('Kodak_CX7530.jpg');
    expect(kodak.gps?.latitude).toBeCloseTo(-0.3713, 4);
    expect(kodak.gps?.longitude).toBeCloseTo(36.05642, 5);
    const iphone = await read('iphone_hdr_YES.jpg');
    expect(iphone.gps?.latitude).toBeCloseTo(40.44697, 5);
    expect(iphone.gps?.longitude).toBeCloseTo(-3.72475, 5);
    expect(iphone.gps?.altitude).toBeCloseTo(639.6, 1);
    expect(iphone.lens).toBe('iPhone 6 back camera 4.15mm f/2.2');
  });

  it('reads HEIC, applying the EXIF time offset to the date taken', async () => {
    const exif = await read('IMG_5195.HEIC');
    expect(exif).toMatchObject({
      camera: { make: 'Apple', model: 'iPhone 11 Pro Max' },
      lens: 'iPhone 11 Pro Max back triple camera 4.25mm f/1.8',
      exposure: '1/391 s',
      fNumber: 1.8,
      iso: 32,
      focalLength: 4.25,
      // 15:47:53 at -05:00
      dateTaken: '2021-04-11T20:47:53.000Z',
    });
    expect(exif.gps?.latitude).toBeCloseTo(39.05134, 5);
    expect(exif.gps?.longitude).toBeCloseTo(-94.28877, 5);
    expect(exif.gps?.altitude).toBeCloseTo(260.56, 2);
  });

  it('reads AVIF and TIFF, trimming padded strings', async () => {
    expect(await read('mountains.avif')).toMatchObject({
      camera: { make: 'OLYMPUS CORPORATION', model: 'E-PL8' },
      lens: 'LEICA DG SUMMILUX 25/F1.4',
      exposure: '1/1000 s',
      fNumber: 5,
      iso: 200,
      focalLength: 25,
    });
    expect(await read('Pentax_K10D.jpg')).toMatchObject({
      camera: { make: 'PENTAX Corporation', model: 'PENTAX K10D' },
      copyright: 'Laitche (This file is in the public domain.)',
    });
    expect(await read('big-endian.tiff')).toEqual({ orientation: 1 });
    expect(await read('Landscape_7.jpg')).toEqual({ orientation: 7 });
  });

  it('reads EXIF from a PNG eXIf chunk', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { Make: 'Maker', Model: 'Model 1', Artist: 'Someone' } })
      .png()
      .toBuffer();
    expect(parseExif(png)).toMatchObject({ camera: { make: 'Maker', model: 'Model 1' }, artist: 'Someone' });
  });

  it('gives {} for files without EXIF, broken files, non-images and a missing file', async () => {
    for (const name of ['basn6a16.png', 'rotating-squares.gif', '4.webp', 'truncated_jpeg.jpg', 'pdf.pdf'])
      expect(await read(name), name).toEqual({});
    expect(await read('no-such-file.jpg')).toEqual({});
    expect(parseExif(Buffer.alloc(0))).toEqual({});
  });

  it('gives the shared MediaExif shape, and nothing else, for every fixture', async () => {
    const names = readdirSync(fixtures).filter((name) => !/\.(md|tsv)$/.test(name));
    expect(names.length).toBeGreaterThan(60);
    for (const name of names) {
      const parsed = MediaExifSchema.strict().safeParse(await read(name));
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('gives from what libvips read with the header the same fields as from the whole file, for every fixture', async () => {
    const names = readdirSync(fixtures).filter((name) => !/\.(md|tsv)$/.test(name));
    let fromBlock = 0;
    let withoutReading = 0;
    for (const name of names) {
      const file = path.join(fixtures, name);
      const probe = await sharp(file)
        .metadata()
        .then((metadata) => ({ format: metadata.format ?? 'unknown', exif: metadata.exif }))
        .catch(() => ({ format: 'unknown', exif: undefined }));
      if (probe.exif) fromBlock += 1;
      else if (probe.format !== 'tiff' && probe.format !== 'unknown') withoutReading += 1;
      expect(await exifOf(file, probe), name).toEqual(await readExif(file));
    }
    expect(fromBlock).toBeGreaterThan(20);
    // Files whose header had no EXIF block: {} without a second read, and the whole file agrees.
    expect(withoutReading).toBeGreaterThan(10);
  });
});
