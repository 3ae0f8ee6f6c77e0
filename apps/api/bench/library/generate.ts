/**
 * Writes the planned library into an empty, migrated database: models, categories and tags as multi-row
 * INSERTs, then media, tag links and thumbnail variants streamed straight from the generator into
 * `LOAD DATA LOCAL INFILE` (no temporary file), with foreign-key and unique checks off for the session.
 */
import { Readable } from 'node:stream';
import type { DbHandle } from '@phoenix4ge/db';
import { defaultModelSettings } from '@phoenix4ge/db';
import type { LibraryPlan, PlanOptions } from './plan';
import { planLibrary } from './plan';
import { line, mediaColumns, mediaRow, variantColumns, variantRows } from './rows';

type Connection = Awaited<ReturnType<DbHandle['pool']['getConnection']>>;

export interface GeneratedLibrary {
  plan: LibraryPlan;
  counts: { media: number; tagLinks: number; variants: number; categories: number; tags: number };
  /** Wall time of each step, in seconds. */
  timings: Record<string, number>;
}

/** Rows per chunk handed to the LOAD DATA stream, and per LOAD DATA statement (one transaction each). */
const CHUNK = 2000;
// MariaDB 10.11's bulk load into an empty table (unique and foreign-key checks off) fails at COMMIT with
// "Operation not permitted" somewhere between 100,000 and 250,000 media rows here; smaller statements work.
const STATEMENT_ROWS = 100_000;

/**
 * Streams rows `0 … count-1` (their LOAD DATA text from `text(i)`, '' to skip one) into `table`, in statements
 * of STATEMENT_ROWS rows, generated while the server reads them (no temporary file).
 */
async function loadRows(
  connection: Connection,
  table: string,
  columns: readonly string[],
  count: number,
  text: (index: number) => string,
) {
  for (let first = 0; first < count; first += STATEMENT_ROWS) {
    const end = Math.min(first + STATEMENT_ROWS, count);
    const rows = Readable.from(
      (function* () {
        for (let start = first; start < end; start += CHUNK) {
          let chunk = '';
          for (let index = start; index < Math.min(start + CHUNK, end); index += 1) chunk += text(index);
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
    await connection.query({
      sql:
        `LOAD DATA LOCAL INFILE 'generated' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 ` +
        `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ` +
        `(${columns.map((c) => `\`${c}\``).join(', ')})`,
      infileStreamFactory: () => rows,
    });
  }
}

async function insertMany(connection: Connection, table: string, columns: string[], rows: unknown[][]) {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await connection.query(
      `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`,
      [rows.slice(start, start + CHUNK)],
    );
  }
}

/** The secondary index lines of a table's CREATE TABLE (`KEY …`, `UNIQUE KEY …`, `FULLTEXT KEY …`), sorted. */
async function secondaryKeys(connection: Connection, table: string) {
  const [rows] = await connection.query(`SHOW CREATE TABLE \`${table}\``);
  const definition = (rows as { 'Create Table': string }[])[0]?.['Create Table'] ?? '';
  return definition
    .split('\n')
    .map((text) => text.trim().replace(/,$/, ''))
    .filter((text) => /^(UNIQUE |FULLTEXT )?KEY `/.test(text))
    .sort()
    .map((text) => ({
      line: text,
      name: /KEY `([^`]+)`/.exec(text)?.[1] ?? '',
      fulltext: text.startsWith('FULLTEXT'),
    }));
}

/**
 * Runs `fill` with the table's secondary indexes dropped, then adds them back as the migrations defined them
 * (read from SHOW CREATE TABLE before, checked after): InnoDB builds an index from sorted rows much faster
 * than it maintains fifteen of them row by row, and a full-text index faster still.
 */
async function withKeysDeferred(connection: Connection, table: string, fill: () => Promise<void>) {
  const keys = await secondaryKeys(connection, table);
  if (keys.length > 0) {
    await connection.query(
      `ALTER TABLE \`${table}\` ${keys.map((k) => `DROP INDEX \`${k.name}\``).join(', ')}`,
    );
  }
  await fill();
  const plain = keys.filter((k) => !k.fulltext);
  if (plain.length > 0) {
    await connection.query(`ALTER TABLE \`${table}\` ${plain.map((k) => `ADD ${k.line}`).join(', ')}`);
  }
  // InnoDB adds one full-text index per statement.
  for (const k of keys.filter((k) => k.fulltext))
    await connection.query(`ALTER TABLE \`${table}\` ADD ${k.line}`);
  const after = (await secondaryKeys(connection, table)).map((k) => k.line);
  if (after.join('\n') !== keys.map((k) => k.line).join('\n')) {
    throw new Error(`${table}: the indexes after the load differ from the migrations' (${after.join('; ')})`);
  }
}

/** A growable list of unsigned 32-bit integers (the tag links of a million rows without a million arrays). */
function uint32List() {
  let data = new Uint32Array(1 << 20);
  let length = 0;
  return {
    push(value: number) {
      if (length === data.length) {
        const bigger = new Uint32Array(data.length * 2);
        bigger.set(data);
        data = bigger;
      }
      data[length++] = value;
    },
    get length() {
      return length;
    },
    at: (index: number) => data[index] ?? 0,
  };
}

export async function generateLibrary(
  handle: DbHandle,
  options: PlanOptions,
  log: (message: string) => void,
): Promise<GeneratedLibrary> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (now - mark) / 1000;
    mark = now;
  };

  const plan = planLibrary(options);
  lap('plan');
  const connection = await handle.pool.getConnection();
  try {
    await connection.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const settings = JSON.stringify(defaultModelSettings);
    await insertMany(
      connection,
      'models',
      ['id', 'slug', 'display_name', 'settings'],
      plan.models.map((model) => [model.id, model.slug, model.displayName, settings]),
    );
    const categories = plan.models.flatMap((model) =>
      model.categories.map((category, order) => [
        category.id,
        model.id,
        category.name,
        category.color,
        order,
      ]),
    );
    await insertMany(
      connection,
      'model_media_categories',
      ['id', 'model_id', 'name', 'color', 'sort_order'],
      categories,
    );
    const tags = plan.models.flatMap((model) => model.tags.map((tag) => [tag.id, model.id, tag.name]));
    await insertMany(connection, 'media_tags', ['id', 'model_id', 'name'], tags);
    lap('models, categories, tags');

    // Media: the facts the links and variants need are kept compactly while the rows stream out.
    const total = options.total;
    const ready = new Uint8Array(total + 1);
    const version = new Uint8Array(total + 1);
    const modelOf = new Uint32Array(total + 1);
    const uploadOf = new Float64Array(total + 1);
    const linkMedia = uint32List();
    const linkTag = uint32List();
    log(`streaming ${total.toLocaleString('en-US')} media rows into LOAD DATA`);
    await withKeysDeferred(connection, 'model_media_library', () =>
      loadRows(connection, 'model_media_library', mediaColumns, total, (index) => {
        const id = index + 1;
        const row = mediaRow(plan, id);
        ready[id] = row.facts.ready ? 1 : 0;
        version[id] = row.facts.version;
        modelOf[id] = row.facts.modelId;
        uploadOf[id] = row.facts.uploadDate;
        for (const tagId of row.facts.tagIds) {
          linkMedia.push(id);
          linkTag.push(tagId);
        }
        return row.text;
      }),
    );
    lap('media');

    log(`${linkMedia.length.toLocaleString('en-US')} tag links`);
    await withKeysDeferred(connection, 'media_tag_links', () =>
      loadRows(connection, 'media_tag_links', ['media_id', 'tag_id'], linkMedia.length, (index) =>
        line([linkMedia.at(index), linkTag.at(index)]),
      ),
    );
    lap('tag links');

    let variants = 0;
    await withKeysDeferred(connection, 'media_variants', () =>
      loadRows(connection, 'media_variants', variantColumns, total, (index) => {
        const id = index + 1;
        if (!ready[id]) return '';
        variants += 2;
        return variantRows(id, {
          version: version[id] ?? 0,
          modelId: modelOf[id] ?? 0,
          uploadDate: uploadOf[id] ?? 0,
        });
      }),
    );
    lap('variants');

    log('ANALYZE TABLE');
    await connection.query('ANALYZE TABLE model_media_library, media_tag_links, media_tags, media_variants');
    lap('analyze');
    return {
      plan,
      counts: {
        media: total,
        tagLinks: linkMedia.length,
        variants,
        categories: categories.length,
        tags: tags.length,
      },
      timings,
    };
  } finally {
    connection.release();
  }
}
