import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  signWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../modules/rentals/webhook-signature.js';

/** One bill as the stand-in bank keeps it and answers it (the laoqr provider's `BankBill`). */
export interface StandInBill {
  billNumber: string;
  merchantId: string;
  status: 'pending' | 'paid' | 'failed' | 'expired';
  amount: number;
  currency: string;
  qrPayload: string;
  expiresAt: string;
  reference: string | null;
  paidAt: string | null;
}

export interface PayOptions {
  /** What the payer actually sent (default: the bill's amount). */
  amount?: number;
  /** Whether to call the merchant's webhook (false: a "lost" webhook). Default true. */
  notify?: boolean;
}

export interface StandInBank {
  /** Use as `LAOQR_BASE_URL`. */
  baseUrl: string;
  bills: Map<string, StandInBill>;
  /**
   * Pays a pending bill as a banking app would, then notifies the merchant; answers the webhook's
   * status (null when not notified, or the merchant could not be reached).
   */
  pay(billNumber: string, options?: PayOptions): Promise<number | null>;
  /** Where notifications go; tests set it once the API listens. */
  webhookUrl: string;
  close(): Promise<void>;
}

export interface StandInBankOptions {
  port?: number;
  host?: string;
  webhookUrl?: string;
  webhookSecret: string;
  /** The bank's clock for signing (tests share the app's movable one). */
  now?: () => Date;
}

/**
 * A local stand-in for a LAO QR bank: it registers bills (`POST /v1/bills`), answers their status
 * (`GET /v1/bills/:billNumber`), and its page (`/`) lists the pending ones with a Pay button that
 * marks one paid and calls the merchant's webhook, signed as the real bank would.
 */
export async function startStandInBank(options: StandInBankOptions): Promise<StandInBank> {
  const bills = new Map<string, StandInBill>();
  const bank: StandInBank = {
    baseUrl: '',
    bills,
    webhookUrl: options.webhookUrl ?? '',
    pay,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function pay(billNumber: string, { amount, notify = true }: PayOptions = {}) {
    const bill = bills.get(billNumber);
    if (!bill || bill.status !== 'pending') throw new Error(`No pending bill ${billNumber}`);
    bill.status = 'paid';
    bill.amount = amount ?? bill.amount;
    bill.reference = `BANK${randomBytes(6).toString('hex').toUpperCase()}`;
    bill.paidAt = (options.now?.() ?? new Date()).toISOString();
    if (!notify || !bank.webhookUrl) return null;
    const body = JSON.stringify(answer(bill));
    const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    try {
      const response = await fetch(bank.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(options.webhookSecret, timestamp, body),
        },
        body,
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      // The merchant is unreachable: the bill stays paid, as at a real bank, and the merchant's
      // reconciliation finds it.
      return null;
    }
  }

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      send(response, 500, { error: String(error) });
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://bank');
    const billPath = /^\/v1\/bills\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'POST' && url.pathname === '/v1/bills') {
      const input = JSON.parse(await readBody(request)) as Partial<StandInBill>;
      if (!input.billNumber || typeof input.amount !== 'number')
        return send(response, 400, { error: 'billNumber and amount are required' });
      // Registering a bill number again (a promo changed the amount) replaces the pending bill.
      const bill: StandInBill = {
        billNumber: input.billNumber,
        merchantId: input.merchantId ?? '',
        status: 'pending',
        amount: input.amount,
        currency: input.currency ?? '418',
        qrPayload: input.qrPayload ?? '',
        expiresAt: input.expiresAt ?? '',
        reference: null,
        paidAt: null,
      };
      bills.set(bill.billNumber, bill);
      return send(response, 201, answer(bill));
    }
    if (request.method === 'GET' && billPath) {
      const bill = bills.get(decodeURIComponent(billPath[1]!));
      return bill
        ? send(response, 200, answer(bill))
        : send(response, 404, { error: 'no such bill' });
    }
    const payPath = /^\/pay\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'POST' && payPath) {
      await pay(decodeURIComponent(payPath[1]!));
      response.writeHead(303, { location: '/' }).end();
      return;
    }
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(bills));
      return;
    }
    send(response, 404, { error: 'not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  bank.baseUrl = `http://127.0.0.1:${port}`;
  return bank;
}

const answer = (bill: StandInBill) => ({
  billNumber: bill.billNumber,
  status: bill.status,
  amount: bill.amount,
  currency: bill.currency,
  reference: bill.reference,
  paidAt: bill.paidAt,
});

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(bills: Map<string, StandInBill>): string {
  const pending = [...bills.values()].filter((bill) => bill.status === 'pending');
  const rows = pending
    .map(
      (bill) => `<tr><td><code>${escapeHtml(bill.billNumber)}</code></td>
        <td>₭${bill.amount.toLocaleString('en-US')}</td><td>${escapeHtml(bill.expiresAt)}</td>
        <td><form method="post" action="/pay/${encodeURIComponent(bill.billNumber)}">
        <button type="submit">Pay</button></form></td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Stand-in LAO QR bank</title><meta http-equiv="refresh" content="5"></head>
<body style="font-family: sans-serif"><h1>Stand-in LAO QR bank</h1>
<p>Pending QR payments. Pay one as a banking app would: the bank then calls the merchant's webhook, signed.</p>
${pending.length ? `<table><tr><th>Bill</th><th>Amount</th><th>Expires</th><th></th></tr>${rows}</table>` : '<p>No pending payments.</p>'}
</body></html>`;
}
