/**
 * Reads a mariadb-dump/mysqldump script line by line as it streams past (extended `--complete-insert` INSERTs, one
 * statement per line): counts the rows of every table and keeps the named columns of the tables asked for. So the
 * manifest's row counts and the list of files to copy come from the dump itself, the same snapshot, exactly.
 */

export interface DumpFacts {
  /** Rows per table, every table of the dump (0 for a table without INSERTs). */
  rowCounts: Record<string, number>;
  /** For each table asked for: one object per row with the asked columns. */
  rows: Record<string, Record<string, string | null>[]>;
}

const createTable = /^CREATE TABLE `([^`]+)`/;
const insertInto = /^INSERT INTO `([^`]+)` \(([^)]*)\) VALUES /;

function unescapeSql(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => {
    switch (char) {
      case '0':
        return '\0';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'Z':
        return '\x1a';
      default:
        return char;
    }
  });
}

/** The tuples of one VALUES list; each value is its SQL text (strings unescaped, NULL as null). */
function* tuples(line: string, start: number, keep: boolean): Generator<(string | null)[]> {
  let values: (string | null)[] = [];
  let depth = 0;
  let index = start;
  let tokenStart = -1;
  const endToken = (end: number) => {
    if (keep && tokenStart >= 0) {
      const raw = line.slice(tokenStart, end).trim();
      values.push(raw === 'NULL' ? null : raw);
    }
    tokenStart = -1;
  };
  while (index < line.length) {
    const char = line[index];
    if (char === "'") {
      let end = index + 1;
      while (end < line.length && line[end] !== "'") end += line[end] === '\\' ? 2 : 1;
      if (keep) values.push(unescapeSql(line.slice(index + 1, end)));
      tokenStart = -1;
      index = end + 1;
      continue;
    }
    if (char === '(') {
      depth += 1;
      if (depth === 1) {
        values = [];
        tokenStart = -1;
      }
    } else if (char === ')') {
      if (depth === 1) {
        endToken(index);
        yield values;
      }
      depth -= 1;
    } else if (char === ',' && depth === 1) {
      endToken(index);
    } else if (depth === 1 && tokenStart < 0 && char !== ' ') {
      tokenStart = index;
    }
    index += 1;
  }
}

export function createDumpReader(keep: Record<string, string[]>) {
  const facts: DumpFacts = { rowCounts: {}, rows: {} };
  for (const table of Object.keys(keep)) facts.rows[table] = [];
  /** The INSERT being read: mariadb-dump may put each row of one statement on a line of its own. */
  let current: { table: string; wanted?: string[]; positions?: number[] } | undefined;
  const readTuples = (line: string, start: number) => {
    if (!current) return;
    const { table, wanted, positions } = current;
    let count = 0;
    for (const values of tuples(line, start, wanted !== undefined)) {
      count += 1;
      if (wanted && positions) {
        facts.rows[table]?.push(
          Object.fromEntries(wanted.map((name, n) => [name, values[positions[n] ?? 0] ?? null])),
        );
      }
    }
    facts.rowCounts[table] = (facts.rowCounts[table] ?? 0) + count;
    if (line.trimEnd().endsWith(';')) current = undefined;
  };
  return {
    facts,
    line(line: string): void {
      if (current) {
        readTuples(line, 0);
        return;
      }
      const created = createTable.exec(line);
      if (created?.[1]) {
        facts.rowCounts[created[1]] ??= 0;
        return;
      }
      const insert = insertInto.exec(line);
      if (!insert?.[1] || insert[2] === undefined) return;
      const table = insert[1];
      const wanted = keep[table];
      const columns = insert[2].split(',').map((column) => column.trim().replace(/^`|`$/g, ''));
      const positions = wanted?.map((name) => columns.indexOf(name));
      const absent = wanted?.find((_, n) => positions?.[n] === -1);
      if (absent) throw new Error(`The dump of ${table} has no column ${absent}`);
      current = { table, wanted, positions };
      readTuples(line, insert[0].length);
    },
  };
}
