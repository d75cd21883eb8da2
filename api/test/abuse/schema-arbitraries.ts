import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check arbitraries read off the contracts' zod schemas, so the abuse suite follows every
 * route's real input shape without restating it. `validOf` makes inputs the API should accept
 * (they carry the malformed parts deep into handlers); `malformedOf` makes inputs that break the
 * schema in exactly one place, the way a buggy or hostile client does.
 */

interface Check {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}
interface Def {
  type: string;
  format?: string;
  checks?: { _zod: { def: Check } }[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (schema: z.ZodType): Check[] =>
  (defOf(schema).checks ?? []).map((check) => check._zod.def);

/** Lengths and bounds a schema states, read from its checks. */
function limitsOf(schema: z.ZodType) {
  let min: number | undefined;
  let max: number | undefined;
  let int = false;
  let format = defOf(schema).format;
  let pattern: RegExp | undefined;
  for (const check of checksOf(schema)) {
    if (check.check === 'min_length') min = check.minimum;
    if (check.check === 'max_length') max = check.maximum;
    if (check.check === 'length_equals') min = max = check.length;
    if (check.check === 'greater_than') min = check.inclusive ? check.value : check.value! + 1;
    if (check.check === 'less_than') max = check.inclusive ? check.value : check.value! - 1;
    if (check.check === 'number_format') int = true;
    if (check.check === 'string_format') {
      format = check.format;
      pattern = check.pattern;
    }
  }
  return { min, max, int, format, pattern };
}

/**
 * Text that has broken servers before: the characters PostgreSQL, JSON, terminals and
 * bidirectional layout treat specially, and lengths no form would send.
 */
export const HOSTILE_TEXT: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uD800',
  '\u202Eevil\u202C',
  '\u200F\u200E\u2066',
  'e' + '\u0301'.repeat(300),
  '\u0E81\u0EB0\u0EC8'.repeat(50),
  '\uFEFF',
  '\u200B\u200C\u200D',
  '👍🏽‍👨‍👩‍👧',
  '\r\n\t\u000B\f',
  "' OR 1=1 --",
  '%_\\',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'x'.repeat(5_000),
  'ລ'.repeat(20_000),
];

export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 8 }))
        .map(([bad, text]) => `${text}${bad}${text}`),
    },
  );

/** Values of the wrong JSON type for any field. */
const wrongType = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -0, '', 'text', [], {}),
    // Own `__proto__` and `constructor` keys, as JSON.parse makes them: prototype pollution bait.
    fc.constant(
      JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{}}}') as unknown,
    ),
    fc.constant(nested(2_000)),
    fc.jsonValue({ maxDepth: 2 }),
  );

/** `[[[…]]]`, as deep as a parser that recurses might not survive. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

/**
 * A valid address of 177 to 200 characters (local part 64, domain labels up to 63): longer than
 * `fc.emailAddress()` ever makes, near the limits columns and keys built from it must hold.
 */
const longEmail = (): fc.Arbitrary<string> =>
  fc
    .integer({ min: 40, max: 63 })
    .map((label) => `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(label)}.example`);

/** An input the schema accepts (refinements aside), biased to small ids that exist in the demo catalog. */
export function validOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const { min, max, int, format, pattern } = limitsOf(schema);
  switch (def.type) {
    case 'string': {
      if (format === 'uuid') return fc.uuid();
      if (format === 'email') return fc.oneof(fc.emailAddress(), longEmail());
      if (format === 'url') return fc.webUrl();
      if (format === 'datetime' || format === 'date') {
        const date = fc.date({
          min: new Date('1900-01-01'),
          max: new Date('2100-01-01'),
          noInvalidDate: true,
        });
        return format === 'date'
          ? date.map((value) => value.toISOString().slice(0, 10))
          : date.map((value) => value.toISOString());
      }
      if (pattern) {
        return fc
          .stringMatching(pattern)
          .filter((text) => text.length >= (min ?? 0) && text.length <= (max ?? Infinity));
      }
      return fc.string({
        unit: 'grapheme',
        minLength: min ?? 0,
        maxLength: Math.min(max ?? 40, Math.max(min ?? 0, 40)),
      });
    }
    case 'number': {
      const low = min ?? -1_000_000;
      const high = max ?? 1_000_000;
      const whole = fc.oneof(
        fc.integer({ min: low, max: Math.min(high, low + 30) }),
        fc.integer({ min: low, max: high }),
      );
      return int ? whole : fc.oneof(whole, fc.double({ min: low, max: high, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'optional':
    case 'default':
      return fc.option(validOf(def.innerType!), { nil: undefined });
    case 'nullable':
      return fc.option(validOf(def.innerType!), { nil: null });
    case 'object':
      return fc.record(
        Object.fromEntries(
          Object.entries(def.shape ?? {}).map(([key, field]) => [key, validOf(field)]),
        ),
      );
    case 'array':
      return fc.array(validOf(def.element!), {
        minLength: min ?? 0,
        maxLength: Math.min(max ?? 4, 4),
      });
    case 'record':
      return fc.dictionary(validOf(def.keyType!) as fc.Arbitrary<string>, validOf(def.valueType!), {
        maxKeys: 3,
      });
    case 'union':
      return fc.oneof(...(def.options ?? []).map(validOf));
    case 'pipe':
      // A transform's output says nothing of its input; otherwise the output schema is the stricter.
      return defOf(def.out!).type === 'transform' ? validOf(def.in!) : validOf(def.out!);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Breaks a valid input in one place: one field wrong, missing or extra, or the whole of it. */
export function malformedOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const { min, max } = limitsOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return malformedOf(def.innerType!);
    case 'pipe':
      return fc.oneof(malformedOf(def.in!), malformedOf(def.out!));
    case 'string':
      return fc.oneof(
        { weight: 3, arbitrary: hostileText() },
        {
          weight: 1,
          arbitrary: fc.constant('a'.repeat((max ?? 100_000) + 1)),
        },
        { weight: 1, arbitrary: fc.constant(min ? 'a'.repeat(min - 1) : '\u0000') },
        { weight: 1, arbitrary: wrongType() },
      );
    case 'number':
      return fc.oneof(
        fc.constantFrom<unknown>(
          -1,
          0,
          1.5,
          2 ** 31,
          2 ** 53 + 2,
          -(2 ** 63),
          1e308,
          '12abc',
          ' 7 ',
          '0x10',
          '1e3',
          'Infinity',
          (min ?? 0) - 1,
          (max ?? 2 ** 31) + 1,
        ),
        wrongType(),
      );
    case 'enum':
    case 'literal':
      return fc.oneof(
        validOf(schema).map((value) =>
          typeof value === 'string' ? `${value.toUpperCase()}\u0000` : String(value),
        ),
        hostileText(),
        wrongType(),
      );
    case 'array':
      return fc.oneof(
        fc.array(malformedOf(def.element!), { minLength: 1, maxLength: 3 }),
        // Past its limit, or a few thousand items where the schema states none.
        validOf(def.element!).map((item) =>
          Array.from({ length: max === undefined ? 3_000 : max + 1 }, () => item),
        ),
        min ? fc.constant([]) : wrongType(),
        wrongType(),
      );
    case 'object':
      return malformedObject(def.shape ?? {});
    case 'union':
      return fc.oneof(...(def.options ?? []).map(malformedOf));
    case 'record':
      return fc.oneof(
        fc.dictionary(hostileText(), wrongType(), { minKeys: 1, maxKeys: 3 }),
        wrongType(),
      );
    default:
      return wrongType();
  }
}

function malformedObject(shape: Record<string, z.ZodType>): fc.Arbitrary<unknown> {
  const keys = Object.keys(shape);
  const valid = validOf({ _zod: { def: { type: 'object', shape } } } as unknown as z.ZodType).map(
    (value) => value as Record<string, unknown>,
  );
  const choices: fc.Arbitrary<unknown>[] = [
    wrongType(),
    // An extra field: strict objects refuse it, loose ones must ignore it.
    fc
      .tuple(valid, fc.oneof(fc.constantFrom('__proto__', 'id', 'role', 'admin'), hostileText()))
      .map(([value, key]) => ({ ...value, [key]: 'extra' })),
  ];
  if (keys.length > 0) {
    const key = fc.constantFrom(...keys);
    choices.push(
      fc.tuple(valid, key).map(([value, missing]) => {
        const { [missing]: _dropped, ...rest } = value;
        return rest;
      }),
      fc
        .tuple(valid, key)
        .chain(([value, broken]) =>
          malformedOf(shape[broken]!).map((bad) => ({ ...value, [broken]: bad })),
        ),
    );
  }
  return fc.oneof(...choices);
}
