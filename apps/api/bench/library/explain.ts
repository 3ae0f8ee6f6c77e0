/**
 * The query plans behind each listing shape, taken from the repositories' own SQL: the shape runs once against
 * a database handle whose query log captures every statement with its parameters, then each statement is
 * explained (EXPLAIN) and run once more under ANALYZE FORMAT=JSON (MariaDB) or EXPLAIN ANALYZE (MySQL).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '@phoenix4ge/db';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface ExplainedQuery extends CapturedQuery {
  rows: Record<string, unknown>[];
  /** Per table: rows actually read (ANALYZE), and whether a filesort ran and over how many rows. */
  analyzed: { table: string; access: string; key: string | null; rowsRead: number; sorted: number | null }[];
  /** Server time of the statement under ANALYZE, in ms. */
  serverMs: number | null;
  problems: string[];
  /** What the check accepted and why (a count reading every matching entry of a covering index). */
  notes: string[];
}

/** Runs `shape` against a logging handle and returns the statements it sent. */
export async function captureQueries(
  open: (logQuery: (sql: string, params: unknown[]) => void) => DbHandle,
  shape: (handle: DbHandle) => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const handle = open((sql, params) => captured.push({ sql, params }));
  try {
    await shape(handle);
  } finally {
    await handle.close();
  }
  return captured;
}

/**
 * Walks MariaDB's ANALYZE FORMAT=JSON tree: every table access with the rows it read, and, for tables under a
 * `filesort`, how many rows went into the sort.
 */
function tablesOf(node: unknown, underSort: boolean, out: ExplainedQuery['analyzed']): void {
  if (Array.isArray(node)) {
    for (const child of node) tablesOf(child, underSort, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const table = key === 'table' ? (value as Record<string, unknown>) : undefined;
    if (table && typeof table.table_name === 'string') {
      const rowsRead = Math.round(Number(table.r_rows ?? 0) * Number(table.r_loops ?? 1));
      out.push({
        table: table.table_name,
        access: String(table.access_type ?? ''),
        key: typeof table.key === 'string' ? table.key : null,
        rowsRead,
        sorted: underSort ? Math.round((rowsRead * Number(table.r_filtered ?? 100)) / 100) : null,
      });
    }
    // A derived table's own query block sorts (or not) by itself.
    const sorted = key === 'materialized' || key === 'query_block' ? false : underSort || key === 'filesort';
    tablesOf(value, sorted, out);
  }
}

/** EXPLAIN and ANALYZE of each captured statement; `problems` names full scans and large filesorts. */
export async function explainQueries(
  handle: DbHandle,
  queries: CapturedQuery[],
  options: { largeRows: number; counts?: boolean },
): Promise<ExplainedQuery[]> {
  const [versionRows] = await handle.pool.query('SELECT VERSION() AS version');
  const mariadb = /mariadb/i.test(String((versionRows as { version: string }[])[0]?.version));
  const explained: ExplainedQuery[] = [];
  for (const query of queries) {
    const [rows] = await handle.pool.query(`EXPLAIN ${query.sql}`, query.params);
    const plan = rows as Record<string, unknown>[];
    const analyzed: ExplainedQuery['analyzed'] = [];
    let serverMs: number | null = null;
    if (mariadb) {
      const [analyzeRows] = await handle.pool.query(`ANALYZE FORMAT=JSON ${query.sql}`, query.params);
      const json = JSON.parse(String(Object.values((analyzeRows as Record<string, unknown>[])[0] ?? {})[0]));
      serverMs = Number(json.query_block?.r_total_time_ms ?? Number.NaN);
      tablesOf(json.query_block, false, analyzed);
    }
    const problems: string[] = [];
    for (const row of plan) {
      const type = String(row.type ?? '');
      const extra = String(row.Extra ?? '');
      // A materialized derived table (the page's ids) is read whole by nature: it holds one page.
      const derived = /^<(derived|subquery)\d+>$/.test(String(row.table));
      if ((type === 'ALL' || type === 'index') && !(derived && Number(row.rows) <= options.largeRows)) {
        problems.push(`${row.table}: full ${type === 'ALL' ? 'table' : 'index'} scan`);
      }
      if (/filesort/i.test(extra)) {
        const sorted = analyzed.find((entry) => entry.table === row.table)?.sorted;
        if (sorted === undefined || sorted === null || sorted > options.largeRows) {
          problems.push(`${row.table}: filesort over ${sorted ?? 'an unknown number of'} rows`);
        }
      }
    }
    const notes: string[] = [];
    for (const entry of analyzed) {
      if (entry.rowsRead <= options.largeRows) continue;
      const row = plan.find((candidate) => candidate.table === entry.table);
      const extra = String(row?.Extra ?? '');
      // A count reads every matching row by nature: acceptable from a covering index, never sorted.
      if (options.counts && /Using index/.test(extra) && !/filesort|temporary/i.test(extra)) {
        notes.push(
          `${entry.table}: ${entry.rowsRead} index entries counted, index-only (a count reads every match)`,
        );
      } else {
        problems.push(`${entry.table}: ${entry.rowsRead} rows read`);
      }
    }
    explained.push({ ...query, rows: plan, analyzed, serverMs, problems, notes });
  }
  return explained;
}

/** The SELECT list of the repositories' queries is long (every column): shortened for reading. */
export function shortSql(sql: string): string {
  return sql.replace(/^select (.*?) from /s, (whole, list: string) => {
    const columns = list.split(/,\s*/).length;
    return columns > 6 ? `select …${columns} columns… from ` : whole;
  });
}

const planColumns = ['id', 'select_type', 'table', 'type', 'key', 'key_len', 'ref', 'rows', 'Extra'];

/** Markdown-safe text: `<derived2>` would be read as an HTML tag and vanish. */
const safe = (text: string) => text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');

/** One shape's statements as Markdown: the SQL, its parameters, the EXPLAIN rows and what ANALYZE measured. */
export function explainMarkdown(title: string, queries: ExplainedQuery[]): string {
  const parts = [`#### ${title}`, ''];
  for (const query of queries) {
    parts.push('```sql', shortSql(query.sql), '```');
    const shown = query.params.length > 8 ? [...query.params.slice(0, 4), '…'] : query.params;
    const count = query.params.length > 8 ? ` (${query.params.length} in all)` : '';
    parts.push(`parameters: \`${JSON.stringify(shown)}\`${count}`, '');
    parts.push(`| ${planColumns.join(' | ')} |`, `|${planColumns.map(() => '---').join('|')}|`);
    for (const row of query.rows)
      parts.push(`| ${planColumns.map((column) => safe(String(row[column] ?? ''))).join(' | ')} |`);
    parts.push('');
    if (query.analyzed.length > 0) {
      const tables = query.analyzed
        .map(
          (entry) =>
            `${entry.table} ${entry.access}${entry.key ? ` on ${entry.key}` : ''}: ${entry.rowsRead} rows read` +
            (entry.sorted !== null ? `, filesort over ${entry.sorted} rows` : ''),
        )
        .join('; ');
      parts.push(`ANALYZE: ${safe(tables)}; ${query.serverMs?.toFixed(2)} ms in the server.`);
    }
    const verdict =
      query.problems.length > 0
        ? `**Check failed:** ${safe(query.problems.join('; '))}.`
        : `Check: no full scan, no large filesort${query.notes.length > 0 ? `; ${query.notes.join('; ')}` : ''}.`;
    parts.push(verdict, '');
  }
  return parts.join('\n');
}

/**
 * Replaces (or appends) benchmark `id`'s EXPLAIN block in BENCHMARKS.md (the harness writes only the table), kept
 * right after that benchmark's section.
 */
export function writeExplainBlock(root: string, id: string, markdown: string) {
  const file = path.join(root, 'BENCHMARKS.md');
  const marker = `${id}-explain`;
  const block = `<!-- bench:${marker}:start -->\n${markdown.trim()}\n<!-- bench:${marker}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const pattern = new RegExp(`<!-- bench:${marker}:start -->[\\s\\S]*?<!-- bench:${marker}:end -->`);
  if (pattern.test(text)) {
    writeFileSync(file, text.replace(pattern, block));
    return;
  }
  // First run: an empty section for the harness to fill in place, so the table comes before its EXPLAIN.
  const section = text.includes(`<!-- bench:${id}:start -->`)
    ? ''
    : `<!-- bench:${id}:start -->\n<!-- bench:${id}:end -->\n\n`;
  writeFileSync(file, `${text.trimEnd()}\n\n${section}${block}\n`);
}
