/**
 * fast-check arbitraries from zod 4 schemas (zod-fast-check supports zod 3 and fast-check 3 only), for the schema
 * kinds the procedures use, plus hostile values outside any schema. Values meant to be valid are biased towards
 * small ids, so they name rows the fuzz test made; refinements (`.refine`) are not solved, so some "valid" values
 * fail validation: that is fine, they still have to be answered with a 4xx.
 */
import fc from 'fast-check';
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = Schema['_zod']['def'] & Record<string, unknown>;

const defOf = (schema: Schema) => schema._zod.def as Def;
/** The settings of a schema's checks (lengths, patterns). */
const checksOf = (def: Def) =>
  ((def.checks ?? []) as z.core.$ZodCheck[]).map(
    (check) => check._zod.def as unknown as Record<string, unknown>,
  );

/** Small ids most of the time (rows the test made), any safe integer in range otherwise. */
function integerIn(min: number, max: number) {
  const small = fc.integer({ min: Math.max(min, Math.min(1, max)), max: Math.min(max, Math.max(min, 30)) });
  return fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min, max }) });
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const s = schema as z.ZodString;
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 300, 300);
  const checks = checksOf(defOf(schema));
  const format = s.format ?? undefined;
  const pattern = [defOf(schema), ...checks].find((def) => def.pattern instanceof RegExp)?.pattern as
    | RegExp
    | undefined;
  const plain = fc.string({ minLength, maxLength, unit: 'grapheme' });
  if (format === 'email') return fc.oneof(fc.emailAddress(), plain);
  if (format === 'date')
    return fc.oneof(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      plain,
    );
  if (pattern) return fc.oneof({ weight: 3, arbitrary: fc.stringMatching(pattern) }, plain);
  return plain;
}

function numberArbitrary(schema: Schema): fc.Arbitrary<number> {
  const n = schema as z.ZodNumber;
  const min = Math.max(n.minValue ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
  const max = Math.min(n.maxValue ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (n.isInt) return integerIn(Math.ceil(min), Math.floor(max));
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function arrayArbitrary(def: Def): fc.Arbitrary<unknown[]> {
  const checks = checksOf(def);
  const minLength = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 0);
  const maxLength = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? 10);
  return fc.array(zodArbitrary(def.element as Schema), {
    minLength,
    maxLength: Math.max(minLength, Math.min(maxLength, 10)),
  });
}

const optionalKinds = new Set(['optional', 'default', 'prefault']);

function objectArbitrary(def: Def): fc.Arbitrary<Record<string, unknown>> {
  const shape = def.shape as Record<string, Schema>;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, value] of Object.entries(shape)) {
    model[key] = zodArbitrary(value);
    if (!optionalKinds.has(defOf(value).type)) requiredKeys.push(key);
  }
  return fc.record(model, { requiredKeys });
}

/** Values of the schema (mostly; see above). */
export function zodArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2200-01-01'), noInvalidDate: true });
    case 'null':
      return fc.constant(null);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(zodArbitrary(def.innerType as Schema), { nil: undefined });
    case 'nullable':
      return fc.option(zodArbitrary(def.innerType as Schema), { nil: null });
    case 'array':
      return arrayArbitrary(def);
    case 'object':
      return objectArbitrary(def);
    case 'union':
      return fc.oneof(...(def.options as Schema[]).map(zodArbitrary));
    case 'pipe':
      return zodArbitrary(def.in as Schema);
    default:
      return fc.anything();
  }
}

/** The keys an input object may have, across the procedure's merged input schemas. */
export function objectKeys(schemas: Schema[]): string[] {
  return schemas.flatMap((schema) => {
    const def = defOf(schema);
    return def.type === 'object' ? Object.keys(def.shape as object) : [];
  });
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Values no schema here accepts where they appear: wrong types, extremes, deep or huge shapes. */
export function hostileValue(options: { hugeStringLength: number }): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      -1,
      0,
      1.5,
      2 ** 53,
      Number.MAX_VALUE,
      '',
      ' ',
      '0',
      'null',
      '\u0000',
      '\uD800',
      '../../etc/passwd',
      "' OR 1=1 --",
      '%',
      true,
      null,
      [],
      {},
    ),
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBoxedValues: false,
    }),
    fc.constant('x'.repeat(options.hugeStringLength)),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.integer({ min: 50, max: 2000 }).map(nested),
    fc.constant(Array.from({ length: 5000 }, (_, i) => i + 1)),
    fc.constant(new Date(Number.NaN)),
    fc.constant(
      JSON.parse('{"__proto__":{"isAdmin":true,"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
    ),
  );
}

/** An input outside the schema: the whole input replaced, a key set to a hostile value, a key removed or added. */
export function mutatedInput(
  valid: fc.Arbitrary<unknown>,
  keys: string[],
  options: { hugeStringLength: number },
): fc.Arbitrary<unknown> {
  const hostile = hostileValue(options);
  const asObject = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
  const keyArbitrary = keys.length
    ? fc.oneof(fc.constantFrom(...keys), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'))
    : fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString');
  return fc.oneof(
    hostile,
    fc.tuple(valid, keyArbitrary, hostile).map(([value, key, bad]) => {
      const result = asObject(value);
      Object.defineProperty(result, key, {
        value: bad,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return result;
    }),
    fc.tuple(valid, keyArbitrary).map(([value, key]) => {
      const result = asObject(value);
      delete result[key];
      return result;
    }),
  );
}
