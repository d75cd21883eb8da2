import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ADMIN_DIR } from './admin-build.js';
import { TEST_ADMIN_SERVICE_TOKEN } from './secrets.js';

export interface AdminServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the built admin (`node server.js`) on a free port, talking to the API at `apiUrl`. */
export async function startAdmin(apiUrl: string): Promise<AdminServer> {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: ADMIN_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ADMIN_PORT: '0',
      HOST: '127.0.0.1',
      API_URL: apiUrl,
      SESSION_SECRET: 'test-only-session-secret-of-32-characters-or-more',
      ADMIN_SERVICE_TOKEN: TEST_ADMIN_SERVICE_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`admin exited with ${code}:\n${output}`)));
  });

  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
