import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_ADMIN, DEV_SECRETS } from '../../src/production-checks.js';

// Docker isn't on these machines: what a reviewer checks in docker-compose.yml and the
// Dockerfiles, read statically.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const composeText = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  configs?: { source: string; target: string }[];
}
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  configs?: Record<string, { file?: string }>;
};
const services = Object.entries(compose.services);

/** The secrets each image reads; the API's list is the one production mode checks. */
const secretsOf = (service: Service): string[] => {
  const dockerfile = service.build?.dockerfile;
  if (dockerfile === 'api/Dockerfile') return Object.keys(DEV_SECRETS);
  if (dockerfile === 'admin/Dockerfile') return ['SESSION_SECRET', 'ADMIN_SERVICE_TOKEN'];
  if (service.image?.startsWith('postgres:')) return ['POSTGRES_PASSWORD'];
  return [];
};
const required = (name: string) => new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`);

interface Instruction {
  keyword: string;
  args: string;
}
/** A Dockerfile's stages, each a list of instructions (continuation lines joined). */
function stagesOf(dockerfile: string): Instruction[][] {
  const text = readFileSync(path.join(repoRoot, dockerfile), 'utf8');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}
const dockerfiles = [
  ...new Set(services.flatMap(([, service]) => service.build?.dockerfile ?? [])),
];

describe('docker-compose.yml', () => {
  it('builds the API, worker, admin and TV app from this repository, not a generic node image', () => {
    expect(dockerfiles.sort()).toEqual(['admin/Dockerfile', 'api/Dockerfile', 'tv-app/Dockerfile']);
    for (const [name, service] of services) {
      if (!service.build) expect(service.image, name).toMatch(/^(postgres|nginx):/);
    }
  });

  it('gives every long-running service a health check', () => {
    const awaited = new Set(
      services.flatMap(([, service]) =>
        Object.entries(service.depends_on ?? {})
          .filter(([, { condition }]) => condition === 'service_completed_successfully')
          .map(([dependency]) => dependency),
      ),
    );
    for (const [name, service] of services) {
      // A one-shot step that others wait to finish has nothing to be healthy for.
      if (awaited.has(name) && service.restart === 'no') continue;
      expect(service.healthcheck?.disable, name).not.toBe(true);
      expect(service.healthcheck?.test?.length, `${name} has a health check`).toBeGreaterThan(1);
    }
  });

  it('holds no secret: each is required from the environment', () => {
    for (const [name, service] of services) {
      const environment = service.environment ?? {};
      for (const secret of secretsOf(service)) {
        expect(environment[secret], `${name} ${secret}`).toMatch(required(secret));
      }
      for (const [variable, value] of Object.entries(environment)) {
        // Anything secret-looking is required, or optional with an empty default: never a value.
        if (/SECRET|PASSWORD|TOKEN|KEY/.test(variable))
          expect(value, `${name} ${variable}`).toMatch(
            new RegExp(`^\\$\\{${variable}:(\\?[^}]+|-)\\}$`),
          );
        if (variable === 'DATABASE_URL')
          expect(value, `${name} DATABASE_URL`).toMatch(/:\$\{POSTGRES_PASSWORD:\?[^}]+\}@/);
      }
    }
    for (const published of [...Object.values(DEV_SECRETS), DEMO_ADMIN.password])
      expect(composeText).not.toContain(published);
  });

  it('mounts no source tree: only named volumes', () => {
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        expect(Object.keys(compose.volumes), `${name} mounts ${volume}`).toContain(source);
      }
    }
  });

  it('publishes ports on 127.0.0.1 only, and never the database', () => {
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    expect(compose.services.postgres?.ports).toBeUndefined();
  });

  it('transcodes in a separate worker sharing the media volume, not in the API', () => {
    const { api, worker } = compose.services;
    expect(api?.environment?.MEDIA_WORKER).toBe('false');
    expect(worker?.command?.join(' ')).toMatch(/src\/worker\.ts$/);
    expect(worker?.volumes).toEqual(api?.volumes);
  });

  it('puts nginx in front of the API, sending media from the volume the API writes', () => {
    const { api, nginx } = compose.services;
    expect(nginx?.image).toMatch(/^nginx:/);
    // Clients reach the API only through nginx; the admin talks to the API directly.
    expect(api?.ports).toBeUndefined();
    expect(nginx?.ports).toEqual(['127.0.0.1:3001:3001']);
    expect(nginx?.depends_on?.api?.condition).toBe('service_healthy');
    expect(api?.environment?.TRUSTED_PROXY_COUNT).toMatch(/^\$\{\w+:-1\}$/);
    // The media volume, read-only, where the API keeps it: nginx's media root is the API's MEDIA_DIR.
    const apiMount = api?.volumes?.find((volume) => volume.startsWith('media:'));
    expect(nginx?.volumes).toEqual([`${apiMount}:ro`]);
    expect(nginx?.environment?.LANXANG_MEDIA_ROOT).toBe(api?.environment?.MEDIA_DIR);
    expect(nginx?.environment?.LANXANG_API).toBe('api:3001');
    // The site is the template the nginx test runs, filled in by the image's envsubst.
    const [site] = nginx?.configs ?? [];
    expect(site?.target).toMatch(/^\/etc\/nginx\/templates\/default\.conf\.template$/);
    const file = compose.configs?.[site?.source ?? '']?.file ?? '';
    expect(path.normalize(file)).toBe(path.normalize('./deploy/nginx/lanxang.conf.template'));
    const template = readFileSync(path.join(repoRoot, file), 'utf8');
    const names = new Set([...template.matchAll(/\$\{(\w+)\}/g)].map(([, name]) => name));
    expect([...names].sort()).toEqual(Object.keys(nginx?.environment ?? {}).sort());
    // Media bytes are sent by nginx only after the API's check, and nothing is cached per segment.
    expect(template).toMatch(/auth_request \/_lanxang_media_auth;/);
    expect(template).toMatch(/proxy_cache_key "\$media_token \$media_film \$http_origin";/);
    expect(template).toMatch(/sendfile on;/);
  });

  it('migrates before the API and worker start, and installs nothing at start', () => {
    for (const name of ['api', 'worker']) {
      expect(compose.services[name]?.depends_on?.migrate?.condition, name).toBe(
        'service_completed_successfully',
      );
    }
    for (const [name, service] of services) {
      expect(service.command?.join(' ') ?? '', name).not.toMatch(/install|apt-get|npx/);
    }
  });
});

describe.each(dockerfiles)('%s', (dockerfile) => {
  const stages = stagesOf(dockerfile);
  const final = stages.at(-1) ?? [];
  const argsOf = (keyword: string) =>
    final.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);

  it('is multi-stage, and the final stage runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const user = argsOf('USER').at(-1);
    expect(user, 'the final stage sets USER').toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('copies a build into the final stage rather than the source tree', () => {
    expect(argsOf('COPY').some((args) => args.startsWith('--from=build'))).toBe(true);
    expect(argsOf('COPY')).not.toContain('. .');
    expect(argsOf('RUN').join('\n')).not.toMatch(/pnpm|npm (ci|install)/);
  });

  it('exists where compose builds it from', () => {
    expect(existsSync(path.join(repoRoot, dockerfile))).toBe(true);
  });
});

it('the Node images carry only production dependencies, pruned by pnpm deploy', () => {
  for (const dockerfile of ['api/Dockerfile', 'admin/Dockerfile']) {
    const build = stagesOf(dockerfile)[0] ?? [];
    const runs = build.filter(({ keyword }) => keyword === 'RUN').map(({ args }) => args);
    expect(runs.join('\n'), dockerfile).toMatch(/pnpm --filter @lanxang\/\S+ --prod deploy/);
  }
});

it('the API image has ffmpeg and ffprobe baked in', () => {
  const final = stagesOf('api/Dockerfile').at(-1) ?? [];
  const runs = final.filter(({ keyword }) => keyword === 'RUN').map(({ args }) => args);
  expect(runs.join('\n')).toMatch(/apt-get install .*\bffmpeg\b/);
});

it('the build context leaves out dependencies, data and secrets', () => {
  const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['**/node_modules', '.git', '.data', '.env'])
    expect(ignored).toContain(entry);
});
