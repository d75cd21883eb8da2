import { DEV_SECRETS } from '../../production-checks.js';
import { startStandInBank } from './server.js';

/**
 * `tsx api/src/stand-ins/bank/cli.ts [port] [webhookUrl]`: runs the stand-in LAO QR bank by hand
 * and prints the setting that points the API at it.
 */
const port = Number(process.argv[2] ?? 3004);
const bank = await startStandInBank({
  port,
  webhookUrl: process.argv[3] ?? 'http://127.0.0.1:3001/api/webhooks/laoqr',
  webhookSecret: process.env.LAOQR_WEBHOOK_SECRET ?? DEV_SECRETS.LAOQR_WEBHOOK_SECRET,
});
process.stdout.write(
  `Stand-in bank listening at ${bank.baseUrl}\n  LAOQR_BASE_URL=${bank.baseUrl}\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void bank.close().then(() => process.exit(0)));
}
