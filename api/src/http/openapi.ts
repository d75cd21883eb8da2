import { ProblemSchema, routes, type RouteSpec } from '@lanxang/contracts';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(options: { serverUrl: string; version: string }) {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    const {
      $defs,
      $schema: _dialect,
      ...rest
    } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [name, definition] of Object.entries($defs ?? {}))
      components[name] = relink(definition);
    return relink(rest);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, spec] of Object.entries(routes) as [string, RouteSpec][]) {
    const operation: Record<string, unknown> = {
      operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: [
        ...parameters(spec.params, 'path', convert),
        ...parameters(spec.query, 'query', convert),
      ],
      responses: {
        [String(spec.status ?? (spec.response ? 200 : 204))]: spec.response
          ? {
              description: 'Success',
              content: { 'application/json': { schema: convert(spec.response, 'output') } },
            }
          : { description: 'Success, no body' },
        default: spec.errorBody
          ? {
              description: 'Any failure, as RFC 6749 §5.2 says',
              content: { 'application/json': { schema: convert(spec.errorBody, 'output') } },
            }
          : {
              description: 'Any failure, as RFC 9457 problem details',
              content: {
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            },
      },
    };
    if (spec.body) {
      const mediaType =
        spec.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
      operation.requestBody = {
        required: true,
        content: { [mediaType]: { schema: convert(spec.body, 'input') } },
      };
    }
    if (spec.access === 'optional') operation.security = [{}, { bearer: [] }, { session: [] }];
    else if (spec.access === 'viewerOrAnonymous')
      operation.security = [{ bearer: [] }, { session: [] }, { anonymousId: [] }];
    else if (spec.access !== 'public') operation.security = [{ bearer: [] }, { session: [] }];
    operation['x-access'] = spec.access;
    (paths[spec.path] ??= {})[spec.method] = operation;
  }
  components.Problem = convert(ProblemSchema, 'output');

  return {
    openapi: '3.1.0',
    info: { title: 'Lanxang API', version: options.version },
    servers: [{ url: options.serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'lanxang_session' },
        anonymousId: { type: 'apiKey', in: 'header', name: 'X-Anonymous-Id' },
      },
    },
  };
}

function parameters(
  schema: z.ZodObject | undefined,
  location: 'path' | 'query',
  convert: (schema: z.ZodType, io: 'input') => JsonSchema,
) {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: convert(field as z.ZodType, 'input'),
  }));
}

function relink(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
}
