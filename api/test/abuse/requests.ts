import type { RouteSpec } from '@lanxang/contracts';
import fc from 'fast-check';
import type { z } from 'zod';
import { hostileText, malformedOf, validOf } from './schema-arbitraries.js';

/** One generated request, sent byte for byte as written (no URL normalisation on the way). */
export interface AbuseRequest {
  method: string;
  /** Path and query, already percent-encoded (or deliberately mis-encoded). */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What the generator set out to break, for the failure message. */
  what: string[];
}

/**
 * Percent-encodes text the way a browser would, except that a lone surrogate (which
 * `encodeURIComponent` refuses) becomes its WTF-8 bytes: invalid UTF-8 the server must survive.
 */
export function encodeText(text: string): string {
  let encoded = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(text[index]!);
    }
  }
  return encoded;
}

/**
 * Path segments that confuse routers and file servers: dot segments (plain and encoded), encoded
 * slashes and backslashes, ids that are negative, fractional, hexadecimal, past 32 and 64 bits or
 * thousands of digits long, NUL, and percent-escapes that decode to nothing valid.
 */
const PATH_TRICKS: readonly string[] = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  'a%2Fb',
  '%2F',
  '%5C..%5C',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x1f',
  '+1',
  '%201',
  '1%20',
  'NaN',
  'Infinity',
  '2147483648',
  '99999999999999999999',
  '9'.repeat(4_000),
  'a'.repeat(4_000),
  '%00',
  '1%00',
  '%zz',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%F0%9F%91%8D',
];

const pathTrick = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...PATH_TRICKS), hostileText().map(inUrl));

/** A value as it appears in a URL: strings as they are, anything else as JSON. */
const asUrlValue = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/**
 * Node refuses a request head past 16 KiB with a bare 431 before the app sees it, so text in a
 * URL is cut to what still reaches the API (a few KiB once percent-encoded).
 */
const URL_TEXT_MAX = 600;
const inUrl = (value: unknown): string => encodeText(asUrlValue(value).slice(0, URL_TEXT_MAX));

type Part = { text: string; what?: string };

/** The path, each parameter valid (an id that likely exists) or one of the tricks. */
function pathOf(spec: RouteSpec): fc.Arbitrary<Part> {
  const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  if (names.length === 0) return fc.constant({ text: spec.path });
  const shape = spec.params!.shape as Record<string, z.ZodType>;
  return fc
    .tuple(
      ...names.map((name) =>
        fc.oneof(
          { weight: 2, arbitrary: validOf(shape[name]!).map((value) => ({ value, trick: false })) },
          { weight: 3, arbitrary: pathTrick().map((value) => ({ value, trick: true })) },
        ),
      ),
    )
    .map((values) => {
      let index = 0;
      const text = spec.path.replace(/\{(\w+)\}/g, () => {
        const { value, trick } = values[index++]!;
        return trick ? (value as string) : inUrl(value);
      });
      const tricks = values.filter((value) => value.trick).length;
      return { text, what: tricks ? 'path tricks' : undefined };
    });
}

/** The query: valid, or one parameter broken, repeated or unknown, or a mis-encoded string. */
function queryOf(spec: RouteSpec): fc.Arbitrary<Part> {
  const shape = (spec.query?.shape ?? {}) as Record<string, z.ZodType>;
  const names = Object.keys(shape);
  const toQuery = (pairs: [string, unknown][]) =>
    pairs
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${inUrl(name)}=${inUrl(value)}`)
      .join('&');
  const valid = fc
    .tuple(...names.map((name) => validOf(shape[name]!).map((value) => [name, value] as const)))
    .map((pairs) => pairs as [string, unknown][]);
  const broken: fc.Arbitrary<Part>[] = [
    fc
      .constantFrom('%zz', '%', '%00=%00', '&&&==&', 'a[b][c]=1', '__proto__=1', 'x=%ED%A0%80')
      .map((text) => ({ text, what: 'mis-encoded query' })),
    fc.tuple(valid, hostileText(), hostileText()).map(([pairs, name, value]) => ({
      text: toQuery([...pairs, [name, value]]),
      what: 'unknown query parameter',
    })),
  ];
  if (names.length > 0) {
    const name = fc.constantFrom(...names);
    broken.push(
      fc.tuple(valid, name).chain(([pairs, target]) =>
        malformedOf(shape[target]!).map((bad) => ({
          text: toQuery(pairs.map(([key, value]) => [key, key === target ? bad : value])),
          what: `query ${target} malformed`,
        })),
      ),
      fc.tuple(valid, name, validOf(shape[names[0]!]!)).map(([pairs, target, again]) => ({
        text: toQuery([...pairs, [target, again], [target, again]]),
        what: `query ${target} repeated`,
      })),
    );
  }
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((pairs) => ({ text: toQuery(pairs) })) },
    { weight: 3, arbitrary: fc.oneof(...broken) },
  );
}

/** Labels the suite looks for: the two media-type mix-ups issue 14 #4 is about. */
export const FORM_ON_JSON = 'form-encoded body on a JSON route';
export const JSON_ON_FORM = 'JSON on a form route';

interface BodyPart {
  headers: Record<string, string>;
  body?: string | Buffer;
  what?: string;
}

const json = (value: unknown): BodyPart => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value) ?? 'null',
});

/** JSON text no parser should accept, or accept and choke on. */
const BROKEN_JSON: readonly string[] = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[1,2',
  'NaN',
  'undefined',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":1e99999}',
  '"\\x"',
  '['.repeat(50_000) + ']'.repeat(50_000),
  '{"a":' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_001),
];

/** Bytes that are not UTF-8 at all, sent as JSON. */
const INVALID_UTF8 = Buffer.from([
  0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d,
]);

/** A JSON route's body: valid, broken in one field, not JSON, empty, or in the wrong media type. */
function jsonBodyOf(spec: RouteSpec): fc.Arbitrary<BodyPart> {
  const schema = spec.body;
  const valid = schema ? validOf(schema) : fc.constant({});
  const formOf = (value: unknown) =>
    Object.entries(value && typeof value === 'object' ? value : { value })
      .map(([name, field]) => `${encodeText(name)}=${encodeText(asUrlValue(field))}`)
      .join('&');
  const wrongMediaType = fc.oneof(
    valid.map((value) => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formOf(value),
      what: FORM_ON_JSON,
    })),
    fc
      .tuple(
        valid,
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'application/vnd.api+json',
          'application/json, text/plain',
        ),
      )
      .map(([value, type]) => ({
        headers: { 'content-type': type },
        body: JSON.stringify(value) ?? '',
        what: `content type ${type}`,
      })),
    valid.map((value) => ({
      headers: {},
      body: JSON.stringify(value) ?? '',
      what: 'no content type',
    })),
  );
  const brokenJson = fc.oneof(
    fc.constantFrom(...BROKEN_JSON).map((body) => ({
      headers: { 'content-type': 'application/json' },
      body,
      what: 'broken JSON',
    })),
    fc.constant({
      headers: { 'content-type': 'application/json' },
      body: INVALID_UTF8,
      what: 'JSON that is not UTF-8',
    }),
    fc.constantFrom('', ' ', 'null', '[]', '""', '0').map((body) => ({
      headers: { 'content-type': 'application/json' },
      body,
      what: body.trim() ? `JSON ${body} instead of an object` : 'empty body',
    })),
  );
  const malformed = schema
    ? malformedOf(schema).map((value) => ({ ...json(value), what: 'body malformed' }))
    : fc.jsonValue({ maxDepth: 2 }).map((value) => ({ ...json(value), what: 'unexpected body' }));
  return fc.oneof(
    { weight: 2, arbitrary: valid.map(json) },
    { weight: 4, arbitrary: malformed },
    { weight: 2, arbitrary: brokenJson },
    { weight: 2, arbitrary: wrongMediaType },
  );
}

/** RFC 6749 form bodies: fields valid, broken, repeated or unknown; or not a form at all. */
function formBodyOf(spec: RouteSpec): fc.Arbitrary<BodyPart> {
  const shape = ((spec.body as z.ZodObject | undefined)?.shape ?? {}) as Record<string, z.ZodType>;
  const names = Object.keys(shape);
  const field = (name: string) =>
    fc.oneof(
      validOf(shape[name]!).map(asUrlValue),
      fc.constantFrom(
        'urn:ietf:params:oauth:grant-type:device_code',
        'refresh_token',
        'authorization_code',
      ),
      hostileText(),
    );
  const pairs = fc.tuple(
    ...names.map((name) =>
      fc.option(field(name), { nil: undefined }).map((value) => [name, value] as const),
    ),
    fc.constantFrom('device_code', 'refresh_token', 'grant_type', 'client_id', 'x'),
    fc.option(hostileText(), { nil: undefined }),
  );
  const form = (body: string, what?: string): BodyPart => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    what,
  });
  return fc.oneof(
    pairs.map(([...all]) => {
      const extraValue = all.pop() as string | undefined;
      const extraName = all.pop() as string;
      const fields = (all as (readonly [string, string | undefined])[]).filter(
        ([, value]) => value !== undefined,
      );
      if (extraValue !== undefined) fields.push([extraName, extraValue]);
      return form(
        fields.map(([name, value]) => `${encodeText(name)}=${encodeText(value!)}`).join('&'),
        extraValue === undefined ? undefined : `form field ${extraName} extra or repeated`,
      );
    }),
    fc
      .constantFrom('', '%zz', 'client_id=%ED%A0%80', '=&=&', 'client_id&grant_type', '%00=%00')
      .map((body) => form(body, 'mis-encoded form')),
    fc.constantFrom('{"client_id":"tv"}', '{').map((body) => ({
      headers: { 'content-type': 'application/json' },
      body,
      what: JSON_ON_FORM,
    })),
    fc.constant({ headers: {}, body: 'client_id=tv', what: 'no content type' }),
  );
}

const BOUNDARY = 'abuse-boundary';

/** Small multipart bodies: a missing, doubled or misnamed file part, hostile file names, bytes no decoder understands. */
function multipartBodyOf(): fc.Arbitrary<BodyPart> {
  const fileBytes = fc.oneof(
    fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)),
    fc.constantFrom(
      Buffer.alloc(0),
      // A text playlist pointing elsewhere: a decoder must not go and fetch it.
      Buffer.from('#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://127.0.0.1:9/x.ts\n'),
      Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x7f\xff\0\0\x7f\xff\x08\x02', 'latin1'),
      Buffer.from('\xff\xd8\xff\xe0\0\x10JFIF\0', 'latin1'),
      Buffer.from('GIF89a'),
      Buffer.from('\0\0\0\x18ftypmp42', 'latin1'),
    ),
  );
  const fileName = fc.oneof(
    fc.constantFrom(
      'film.mp4',
      '../../../etc/passwd',
      'a\0b.mp4',
      '',
      'ລາວ.jpg',
      'x'.repeat(2_000),
    ),
    hostileText(),
  );
  const part = (
    name: string,
    filename: string | null,
    bytes: Buffer,
    type = 'application/octet-stream',
  ) =>
    Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"` +
          (filename === null ? '' : `; filename="${filename}"`) +
          `\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      bytes,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${BOUNDARY}--\r\n`);
  const multipart = (
    body: Buffer,
    what: string,
    type = `multipart/form-data; boundary=${BOUNDARY}`,
  ) => ({
    headers: { 'content-type': type },
    body,
    what,
  });
  return fc.oneof(
    fc
      .tuple(fileName, fileBytes)
      .map(([name, bytes]) =>
        multipart(Buffer.concat([part('file', name, bytes), end]), 'junk file'),
      ),
    fc
      .tuple(fileBytes, fc.constantFrom('video', 'files', 'FILE', ''))
      .map(([bytes, name]) =>
        multipart(Buffer.concat([part(name, 'a.mp4', bytes), end]), `file field named "${name}"`),
      ),
    fileBytes.map((bytes) =>
      multipart(
        Buffer.concat([part('file', 'a.mp4', bytes), part('file', 'b.mp4', bytes), end]),
        'two file parts',
      ),
    ),
    fileBytes.map((bytes) => multipart(part('file', 'a.mp4', bytes), 'no closing boundary')),
    fileBytes.map((bytes) =>
      multipart(Buffer.concat([part('file', null, bytes), end]), 'file part without a name'),
    ),
    fc.constant(multipart(end, 'no parts')),
    fc.constant(multipart(Buffer.from('garbage'), 'not multipart at all')),
    fileBytes.map((bytes) =>
      multipart(
        Buffer.concat([part('file', 'a.mp4', bytes), end]),
        'no boundary',
        'multipart/form-data',
      ),
    ),
    fileBytes.map((bytes) =>
      multipart(
        Buffer.concat([part('file', 'a.mp4', bytes), end]),
        'wrong boundary',
        'multipart/form-data; boundary=other',
      ),
    ),
    fileBytes.map((bytes) => ({
      headers: { 'content-type': 'video/mp4' },
      body: bytes,
      what: 'raw video body',
    })),
    fc.constant({ headers: {}, what: 'no body' }),
  );
}

/** Raw subtitle bodies: WebVTT broken in its header, timings or text, non-UTF-8 bytes, or no body. */
function subtitleBodyOf(): fc.Arbitrary<BodyPart> {
  const cue = fc.oneof(
    fc.string({ maxLength: 80 }),
    hostileText().map((text) => text.slice(0, 3_000)),
  );
  const vtt = fc.oneof(
    cue.map((text) => `WEBVTT\n\n00:00.000 --> 00:01.000\n${text}\n`),
    cue.map((text) => `WEBVTT\n\n99:99:99.999 --> -1:00.000\n${text}\n`),
    cue.map((text) => `WEBVTT ${text}\n\nNOTE ${text}\n`),
    cue,
    fc.constantFrom('', 'WEBVTT', '\uFEFFWEBVTT\n\n', '1\n00:00:01,000 --> 00:00:02,000\nsrt\n'),
  );
  return fc.oneof(
    fc
      .tuple(
        vtt,
        fc.constantFrom('text/vtt', 'text/vtt; charset=utf-8', 'text/plain', 'application/json'),
      )
      .map(([body, type]) => ({ headers: { 'content-type': type }, body, what: 'subtitles' })),
    fc.uint8Array({ maxLength: 1_024 }).map((bytes) => ({
      headers: { 'content-type': 'text/vtt' },
      body: Buffer.concat([Buffer.from('WEBVTT\n\n'), Buffer.from(bytes)]),
      what: 'subtitles with raw bytes',
    })),
    fc.constant({ headers: {}, what: 'no body' }),
  );
}

/** How a route takes its body, so each kind gets the generator that can hurt it. */
export type BodyKind = 'json' | 'form' | 'multipart' | 'subtitles';

export function bodyKindOf(name: string, spec: RouteSpec): BodyKind {
  if (spec.bodyType === 'form') return 'form';
  if (name === 'adminUploadVideo' || name === 'adminUploadImage') return 'multipart';
  if (name === 'adminPutSubtitles') return 'subtitles';
  return 'json';
}

const BODY_GENERATORS: Record<BodyKind, (spec: RouteSpec) => fc.Arbitrary<BodyPart>> = {
  json: jsonBodyOf,
  form: formBodyOf,
  multipart: multipartBodyOf,
  subtitles: subtitleBodyOf,
};

/** Every generated request for one operation: its path, query and body, each valid or broken. */
export function requestsFor(name: string, spec: RouteSpec): fc.Arbitrary<AbuseRequest> {
  const sendsBody = spec.method !== 'get' && spec.method !== 'delete';
  const body: fc.Arbitrary<BodyPart> = sendsBody
    ? BODY_GENERATORS[bodyKindOf(name, spec)](spec)
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant({ headers: {} }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...BROKEN_JSON.slice(0, 3)).map((text) => ({
            headers: { 'content-type': 'application/json' },
            body: text,
            what: 'body on a bodiless method',
          })),
        },
      );
  const origin = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Record<string, string>>({}) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('https://evil.example', 'null', '\u0000')
        .map((value) => ({ origin: encodeText(value) })),
    },
  );
  return fc.tuple(pathOf(spec), queryOf(spec), body, origin).map(([path, query, part, extra]) => ({
    method: spec.method.toUpperCase(),
    target: query.text ? `${path.text}?${query.text}` : path.text,
    headers: { ...part.headers, ...extra },
    body: part.body,
    what: [
      path.what,
      query.what,
      part.what,
      extra.origin ? `Origin ${extra.origin}` : undefined,
    ].filter((what): what is string => what !== undefined),
  }));
}

/** Range headers a player never sends: reversed, empty, past any size, several, other units. */
const RANGES: readonly (string | undefined)[] = [
  undefined,
  'bytes=0-0',
  'bytes=-1',
  'bytes=-0',
  'bytes=5-1',
  'bytes=0-',
  'bytes=99999999999999999999-',
  'bytes=-99999999999999999999',
  'bytes=0-1,2-3',
  'bytes=abc',
  'items=0-1',
  'bytes=1.5-2',
  'bytes= 0 - 1 ',
];

/**
 * Requests for `/media/*` files: real ones (`files`, paths under `/media/`), the same with dot
 * segments, encoded slashes and NUL spliced in, and paths made of tricks alone, each with one of
 * the odd ranges.
 */
export function mediaRequests(files: readonly string[]): fc.Arbitrary<AbuseRequest> {
  const file = fc.constantFrom(...files);
  const target = fc.oneof(
    file.map((path) => ({ path, what: 'a real file' })),
    fc.tuple(file, pathTrick(), fc.nat()).map(([path, trick, at]) => {
      const segments = path.split('/');
      segments.splice(2 + (at % (segments.length - 1)), 0, trick);
      return { path: segments.join('/'), what: 'a real file, path tricked' };
    }),
    fc
      .tuple(file, fc.constantFrom('/', '%00', '%00.jpg', '.', '/..', '%2F..%2F..', '~', '.bak'))
      .map(([path, suffix]) => ({ path: path + suffix, what: `a real file + ${suffix}` })),
    fc
      .array(pathTrick(), { minLength: 1, maxLength: 4 })
      .map((tricks) => ({ path: `/media/${tricks.join('/')}`, what: 'path tricks' })),
  );
  const range = fc
    .constantFrom(...RANGES)
    .map((value) =>
      value === undefined ? {} : { headers: { range: value }, what: `Range ${value}` },
    );
  return fc.tuple(target, range).map(([file, odd]) => ({
    method: 'GET',
    target: file.path,
    headers: odd.headers ?? {},
    what: odd.what ? [file.what, odd.what] : [file.what],
  }));
}

/**
 * A route's path (its parameters valid) with a method no route on that path takes, standard or
 * not: the router must answer 405 naming the methods it does take.
 */
export function wrongMethodRequests(
  spec: RouteSpec,
  methods: readonly string[],
): fc.Arbitrary<AbuseRequest> {
  const shape = (spec.params?.shape ?? {}) as Record<string, z.ZodType>;
  const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return fc
    .tuple(fc.constantFrom(...methods), ...names.map((name) => validOf(shape[name]!)))
    .map(([method, ...values]) => {
      let index = 0;
      return {
        method,
        target: spec.path.replace(/\{(\w+)\}/g, () => inUrl(values[index++])),
        headers: {},
        what: [`method ${method}`],
      };
    });
}
