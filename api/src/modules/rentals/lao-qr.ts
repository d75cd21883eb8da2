/**
 * LAO QR: the EMVCo merchant-presented QR layout (EMV QRCPS) as Laos's national QR uses it. A
 * payload is a string of TLV fields (two-digit tag, two-digit length, value), ending with a
 * CRC-16/CCITT-FALSE over everything before it, its own tag and length included. Pure: no I/O.
 */

export const LAO_QR_TAGS = {
  payloadFormat: '00',
  pointOfInitiation: '01',
  merchantAccount: '38',
  merchantCategoryCode: '52',
  currency: '53',
  amount: '54',
  countryCode: '58',
  merchantName: '59',
  merchantCity: '60',
  additionalData: '62',
  crc: '63',
} as const;
/** Inside the merchant account template (38) and the additional data (62). */
const ACCOUNT = { aid: '00', acquirerId: '01', merchantId: '02' } as const;
const ADDITIONAL = { billNumber: '01' } as const;

/** ISO 4217 numeric code of the kip. */
export const LAK_NUMERIC = '418';
/** "12": a dynamic QR, for one payment of one amount (a static one, "11", is reused). */
export const DYNAMIC = '12';

export interface LaoQrPayment {
  /** The payment network's application id (the merchant account template's tag 00). */
  aid: string;
  acquirerId: string;
  merchantId: string;
  /** ISO 18245 merchant category code, four digits. */
  merchantCategoryCode: string;
  /** Whole kip. */
  amount: number;
  merchantName: string;
  merchantCity: string;
  /** Our transaction id: the bank returns it with the payment. */
  billNumber: string;
}

/** The payload for one payment, CRC included. */
export function encodeLaoQr(payment: LaoQrPayment): string {
  if (!Number.isInteger(payment.amount) || payment.amount <= 0)
    throw new RangeError('A LAO QR amount is a positive whole number of kip');
  const body =
    field(LAO_QR_TAGS.payloadFormat, '01') +
    field(LAO_QR_TAGS.pointOfInitiation, DYNAMIC) +
    field(
      LAO_QR_TAGS.merchantAccount,
      field(ACCOUNT.aid, payment.aid) +
        field(ACCOUNT.acquirerId, payment.acquirerId) +
        field(ACCOUNT.merchantId, payment.merchantId),
    ) +
    field(LAO_QR_TAGS.merchantCategoryCode, payment.merchantCategoryCode) +
    field(LAO_QR_TAGS.currency, LAK_NUMERIC) +
    field(LAO_QR_TAGS.amount, String(payment.amount)) +
    field(LAO_QR_TAGS.countryCode, 'LA') +
    field(LAO_QR_TAGS.merchantName, payment.merchantName.slice(0, 25)) +
    field(LAO_QR_TAGS.merchantCity, payment.merchantCity.slice(0, 15)) +
    field(LAO_QR_TAGS.additionalData, field(ADDITIONAL.billNumber, payment.billNumber));
  const withCrcHeader = `${body}${LAO_QR_TAGS.crc}04`;
  return withCrcHeader + crc16CcittFalse(withCrcHeader);
}

export interface ParsedLaoQr {
  fields: Map<string, string>;
  pointOfInitiation: string | undefined;
  currency: string | undefined;
  countryCode: string | undefined;
  amount: number | undefined;
  merchantName: string | undefined;
  merchantCity: string | undefined;
  merchantCategoryCode: string | undefined;
  merchantAccount: Map<string, string>;
  billNumber: string | undefined;
}

export class LaoQrError extends Error {
  override readonly name = 'LaoQrError';
}

/** Reads a payload back, refusing a bad CRC or broken TLV structure. */
export function parseLaoQr(payload: string): ParsedLaoQr {
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== `${LAO_QR_TAGS.crc}04`)
    throw new LaoQrError('The payload does not end with a CRC field');
  const expected = crc16CcittFalse(payload.slice(0, crcAt + 4));
  if (payload.slice(crcAt + 4).toUpperCase() !== expected)
    throw new LaoQrError(`CRC mismatch: expected ${expected}`);
  const fields = readFields(payload.slice(0, crcAt));
  if (fields.get(LAO_QR_TAGS.payloadFormat) !== '01')
    throw new LaoQrError('The payload format indicator is not 01');
  const amount = fields.get(LAO_QR_TAGS.amount);
  const additional = readFields(fields.get(LAO_QR_TAGS.additionalData) ?? '');
  return {
    fields,
    pointOfInitiation: fields.get(LAO_QR_TAGS.pointOfInitiation),
    currency: fields.get(LAO_QR_TAGS.currency),
    countryCode: fields.get(LAO_QR_TAGS.countryCode),
    amount: amount === undefined ? undefined : Number(amount),
    merchantName: fields.get(LAO_QR_TAGS.merchantName),
    merchantCity: fields.get(LAO_QR_TAGS.merchantCity),
    merchantCategoryCode: fields.get(LAO_QR_TAGS.merchantCategoryCode),
    merchantAccount: readFields(fields.get(LAO_QR_TAGS.merchantAccount) ?? ''),
    billNumber: additional.get(ADDITIONAL.billNumber),
  };
}

/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final xor. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function field(tag: string, value: string): string {
  if (value.length > 99) throw new RangeError(`LAO QR field ${tag} is longer than 99 characters`);
  return `${tag}${String(value.length).padStart(2, '0')}${value}`;
}

function readFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < text.length) {
    const tag = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(tag) || !Number.isInteger(length) || at + 4 + length > text.length)
      throw new LaoQrError(`Broken field at position ${at}`);
    fields.set(tag, text.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}
