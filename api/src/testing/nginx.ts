import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../local-postgres.js';

/** The template the production compose fills in (its nginx image runs envsubst on it). */
export const NGINX_TEMPLATE = path.resolve(
  import.meta.dirname,
  '../../../deploy/nginx/lanxang.conf.template',
);

/** Debian's nginx binary, or a message that says what to install. */
export function nginxBinary(): string {
  const found = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error(
    'nginx is not installed: the media tests run a real nginx in front of the API. ' +
      'Install it (apt-get install -y nginx); `npm test` does so when it runs as root.',
  );
}

export interface NginxInFront {
  url: string;
  /** nginx's master process (its workers are its children). */
  pid: number;
  /** The configuration nginx runs (the template filled in, inside a minimal main file). */
  config: string;
  close(): Promise<void>;
}

/**
 * A real nginx in front of an API, from `deploy/nginx/lanxang.conf.template` filled in exactly
 * as the compose's nginx image does (envsubst of the `LANXANG_*` names only), with its own
 * temporary prefix and an unprivileged port.
 */
export async function startNginxInFront(options: {
  /** `127.0.0.1:<port>` of the API. */
  api: string;
  mediaRoot: string;
}): Promise<NginxInFront> {
  const template = await readFile(NGINX_TEMPLATE, 'utf8');
  return startNginx(({ listen, prefix }) =>
    fillTemplate(template, {
      LANXANG_LISTEN: listen,
      LANXANG_API: options.api,
      LANXANG_MEDIA_ROOT: path.resolve(options.mediaRoot),
      LANXANG_CACHE_DIR: path.join(prefix, 'cache'),
    }),
  );
}

/**
 * A real nginx with its own temporary prefix, one worker, on an unprivileged port, running the
 * http-context configuration `site` gives for its listen address and prefix.
 */
export async function startNginx(
  site: (where: { listen: string; prefix: string }) => string,
): Promise<NginxInFront> {
  const binary = nginxBinary();
  const prefix = await mkdtemp(path.join(tmpdir(), 'lanxang-nginx-'));
  const port = await freePort();
  for (const dir of ['cache', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    await mkdir(path.join(prefix, dir), { recursive: true });
  const config = `daemon off;
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
${site({ listen: `127.0.0.1:${port}`, prefix })}
}
`;
  const file = path.join(prefix, 'nginx.conf');
  await writeFile(file, config);
  const test = spawnSync(binary, ['-t', '-q', '-c', file, '-p', prefix], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx refused its configuration:\n${test.stderr}`);
  const child: ChildProcess = spawn(binary, ['-c', file, '-p', prefix], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`${url}/media/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (attempt === 100 || child.exitCode !== null)
      throw new Error(
        `nginx did not start: ${await readFile(path.join(prefix, 'error.log'), 'utf8').catch(() => '')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    pid: child.pid ?? 0,
    config,
    async close() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** envsubst limited to the names given, as the nginx image's entrypoint does it. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(LANXANG_[A-Z_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the nginx template names ${whole}, which is unset`);
    return value;
  });
}
