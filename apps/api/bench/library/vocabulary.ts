/**
 * Word pools and cameras for the library benchmark's generated photos: what a model's portfolio library
 * looks like (camera file names and exported names, alt text and captions in English, tags, categories).
 */

export interface Camera {
  make: string | null;
  models: string[];
  /** Landscape size of a full frame; portrait shots swap it. */
  sizes: [number, number][];
  /** File name for frame `n` of a shoot (`at` is the moment the frame was taken). */
  name(n: number, at: Date): string;
  mime: string;
  /** Typical size of a file in MB (a range). */
  megabytes: [number, number];
  /** Share of frames with a GPS position. */
  gps: number;
}

/** A word pool written as `a|b|c` (one per line would make this file ten times longer). */
const list = (text: string) => text.trim().split(/\s*\|\s*/);

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const compactDate = (at: Date) =>
  `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1, 2)}${pad(at.getUTCDate(), 2)}`;
const compactTime = (at: Date) =>
  `${pad(at.getUTCHours(), 2)}${pad(at.getUTCMinutes(), 2)}${pad(at.getUTCSeconds(), 2)}`;

export const cameras: Camera[] = [
  {
    make: 'NIKON CORPORATION',
    models: ['NIKON D850', 'NIKON Z 7_2', 'NIKON D750', 'NIKON Z 6'],
    sizes: [
      [8256, 5504],
      [6048, 4024],
    ],
    name: (n) => `DSC_${pad(n % 10000, 4)}.JPG`,
    mime: 'image/jpeg',
    megabytes: [9, 28],
    gps: 0.05,
  },
  {
    make: 'SONY',
    models: ['ILCE-7RM4', 'ILCE-7M3', 'ILCE-1', 'ILCE-7RM5'],
    sizes: [
      [9504, 6336],
      [6000, 4000],
    ],
    name: (n) => `DSC0${pad(n % 10000, 4)}.JPG`,
    mime: 'image/jpeg',
    megabytes: [8, 30],
    gps: 0.1,
  },
  {
    make: 'Canon',
    models: ['Canon EOS R5', 'Canon EOS 5D Mark IV', 'Canon EOS R6', 'Canon EOS 6D'],
    sizes: [
      [8192, 5464],
      [6720, 4480],
    ],
    name: (n) => (n % 3 === 0 ? `_MG_${pad(n % 10000, 4)}.jpg` : `IMG_${pad(n % 10000, 4)}.JPG`),
    mime: 'image/jpeg',
    megabytes: [7, 25],
    gps: 0.05,
  },
  {
    make: 'FUJIFILM',
    models: ['X-T4', 'GFX100S', 'X100V', 'X-H2'],
    sizes: [
      [6240, 4160],
      [11648, 8736],
    ],
    name: (n) => `DSCF${pad(n % 10000, 4)}.JPG`,
    mime: 'image/jpeg',
    megabytes: [10, 35],
    gps: 0.05,
  },
  {
    make: 'Apple',
    models: ['iPhone 14 Pro', 'iPhone 13', 'iPhone 15 Pro Max', 'iPhone 12 mini'],
    sizes: [[4032, 3024]],
    name: (n) => `IMG_${pad(n % 10000, 4)}.jpeg`,
    mime: 'image/jpeg',
    megabytes: [1.5, 5],
    gps: 0.85,
  },
  {
    make: 'Google',
    models: ['Pixel 7', 'Pixel 8 Pro', 'Pixel 6a'],
    sizes: [[4080, 3072]],
    name: (n, at) => `PXL_${compactDate(at)}_${compactTime(at)}${pad(n % 1000, 3)}.jpg`,
    mime: 'image/jpeg',
    megabytes: [2, 6],
    gps: 0.8,
  },
  {
    make: 'Panasonic',
    models: ['DC-S5', 'DC-GH5', 'DMC-GX80'],
    sizes: [[6000, 4000]],
    name: (n) => `P10${pad(n % 100000, 5)}.JPG`,
    mime: 'image/jpeg',
    megabytes: [6, 18],
    gps: 0.05,
  },
];

/** Screenshots and web graphics: no camera, PNG/WebP, device-sized. */
export const graphics: Camera = {
  make: null,
  models: [],
  sizes: [
    [1920, 1080],
    [2532, 1170],
    [2880, 1800],
    [1080, 1080],
  ],
  name: (n, at) =>
    `Screenshot ${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)} at ${pad(at.getUTCHours(), 2)}.${pad(at.getUTCMinutes(), 2)}.${pad(n % 60, 2)}.png`,
  mime: 'image/png',
  megabytes: [0.2, 4],
  gps: 0,
};

/** How a shoot's files were renamed on export (`null`: camera names kept). `k` counts within the shoot. */
export const exportNames: ((k: number, shoot: { model: string; place: string; brand: string }) => string)[] =
  [
    (k) => `Portrait_${k}.jpg`,
    (k) => `Headshot_${k}.jpg`,
    (k, s) => `${s.model.toLowerCase()}_${s.place}_${pad(k, 3)}.jpg`,
    (k, s) => `${s.brand}-${s.place}-${pad(k, 2)}.jpg`,
    (k) => `edit_${pad(k, 3)}_final.jpg`,
    (k) => `Untitled-${k}.jpg`,
    (k, s) => `${s.model}-Portfolio-${k}.jpg`,
    (k, s) => `${s.brand}_lookbook_${pad(k, 2)}.webp`,
    (k) => `Polaroid_${pad(k, 2)}.jpg`,
    (k, s) => `${s.place}-${pad(k, 4)}.avif`,
  ];

export const firstNames = list(`
  Anna|Maya|Lena|Sofia|Chloe|Amara|Ines|Nadia|Zoe|Freya|Lucia|Mila|Yara|Elif|Hana|Noor|Ava|Clara|
  Ruby|Iris|Leila|Nina|Tess|Jade|Luca|Mateo|Noah|Kai|Elias|Theo|Omar|Jonas|Marco|Felix|Idris|Arlo
`);
export const lastNames = list(`
  Kowalska|Haddad|Moreau|Silva|Okafor|Lindqvist|Rossi|Tanaka|Novak|Duarte|Petrova|Nguyen|Fischer|
  Adeyemi|Costa|Jensen|Kaya|Murphy|Laurent|Varga
`);

export const categoryNames = list(`
  Portfolio|Editorial|Commercial|Runway|Beauty|Swimwear|Fitness|Polaroids|Headshots|
  Behind the scenes|Campaigns|Lookbook|Street style|Tests|Archive|Selects
`);
export const categoryColors = list(
  '#0d6efd|#6610f2|#6f42c1|#d63384|#dc3545|#fd7e14|#ffc107|#198754|#20c997|#0dcaf0|#6c757d|#343a40',
);

/** Tag names: lowercase, words joined by `-` (the full-text index sees each word). */
export const tagVocabulary = list(`
  studio|outdoor|beach|city|street|nature|golden-hour|blue-hour|night|neon|black-and-white|colour|
  portrait|headshot|full-length|close-up|profile|editorial|commercial|campaign|lookbook|runway|
  backstage|polaroid|casting|test-shoot|beauty|fashion|swimwear|lingerie|fitness|sportswear|
  streetwear|couture|bridal|evening|casual|denim|leather|knitwear|summer|autumn|winter|spring|
  paris|milan|london|new-york|berlin|tokyo|lisbon|barcelona|copenhagen|marrakech|seoul|hair|makeup|
  smile|serious|movement|jump|dance|water|sand|snow|rain|window|mirror|shadow|silhouette|flash|
  natural-light|film|analog|digital|retouched|raw|selected|favourite|client-pick|print|web|
  instagram|cover|magazine|catalogue|e-commerce|jewellery|eyewear|hats|shoes|handbags|watches|
  fragrance|skincare|red|blue|green|white|black|pastel|monochrome|vintage|minimal|bold|soft|moody|
  bright|sunset|sunrise|rooftop|forest|desert|harbour|cafe|stairs|concrete|lavender|greenhouse|
  pool|hotel|car|bicycle|train|market|museum|gallery|library|garden|vineyard|mountains|lake|river|
  bridge|alley|graffiti|tattoo|freckles|curls|braids|bob|updo|barefoot|sunglasses|scarf|gloves|
  coat|suit|gown|skirt|trousers
`);

export const places = list(`
  beach|studio|rooftop|forest|harbour|desert|city|garden|lavender|stairs|greenhouse|pool|hotel|
  market|museum|vineyard|mountains|lake|alley|bridge
`);
export const brands = list(`
  Aurelle|Maison-Vey|Nordlys|Calder|Oro|Lune|Saltwater|Kinfolk|Atelier-Roux|Verde|Halcyon|
  Ivory-Lane|Moda-Sud|Brume|Solstice
`);

export const altSubjects = list(`
  Portrait of {name}|Headshot of {name}|{name}|Full-length shot of {name}|Close-up of {name}|
  {name} posing|{name} walking|{name} sitting|{name} laughing|Profile of {name}|
  Back view of {name}|{name} looking over her shoulder
`);
export const altWardrobe = list(`
  in a red dress|in a black blazer|in denim|in a white shirt|in a leather jacket|in swimwear|
  in a knit sweater|in an evening gown|in streetwear|in a linen suit|wearing sunglasses|
  with a wide-brimmed hat|in a silk slip dress|in a trench coat|in sportswear|in a bridal gown
`);
export const altPlaces: Record<string, string> = {
  beach: 'on the beach',
  studio: 'in the studio',
  rooftop: 'on a rooftop',
  forest: 'in a pine forest',
  harbour: 'by the harbour',
  desert: 'in the desert',
  city: 'on a city street',
  garden: 'in a walled garden',
  lavender: 'in a field of lavender',
  stairs: 'on stone stairs',
  greenhouse: 'in a greenhouse',
  pool: 'by the pool',
  hotel: 'in a hotel lobby',
  market: 'at a flower market',
  museum: 'in a museum hall',
  vineyard: 'in a vineyard',
  mountains: 'in the mountains',
  lake: 'by a lake',
  alley: 'in a narrow alley',
  bridge: 'on a bridge',
};
export const altLight = list(`
  at golden hour|in soft daylight|under neon lights|with hard flash|at sunset|on an overcast day|
  in black and white|with rim light|at blue hour|in window light
`);

export const captionTemplates = list(`
  {season} campaign for {brand}, shot in {city}.|
  Behind the scenes of the {brand} {season} lookbook.|
  Test shoot with {photographer} in {city}; hair and makeup by {artist}.|
  Polaroids from the {agency} casting, {month}.|
  Editorial for {magazine}, {month} issue. Styling by {artist}.|
  Selected frames from a {place} session with {photographer}.|
  Portraits for the {brand} e-commerce relaunch.|Unretouched outtakes; client picks marked.|
  {brand} x {magazine}: the {season} story, photographed in {city}.|
  Fittings and backstage moments before the {brand} show in {city}.
`);
export const seasons = list('Spring|Summer|Autumn|Winter|Resort|Holiday');
export const cities = list(`
  Paris|Milan|London|New York|Berlin|Tokyo|Lisbon|Barcelona|Copenhagen|Marrakech|Seoul|Mexico City|
  Cape Town|Sydney
`);
export const photographers = list(
  'Ines Duarte|Tom Achterberg|Mira Solberg|Jon Okoye|Camille Roy|Kenji Mori|Ada Lindgren',
);
export const artists = list('Lea Brandt|Sam Ortiz|Priya Nair|Yusuf Demir|Eva Blom');
export const agencies = list('Nova Models|Elite North|Storm Lane|Figure Management|Kin Agency');
export const magazines = list('Vogue Portugal|Kinfolk|i-D|Numéro|Harper’s Bazaar|Dazed');
export const months = list(
  'January|February|March|April|May|June|July|August|September|October|November|December',
);
