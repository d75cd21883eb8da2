/**
 * An EMVCo merchant-presented QR payload (the LAO QR layout) read back for the tests, written
 * apart from the API's encoder so a mistake there cannot hide in both: ID (2 digits), length
 * (2 digits), value; templates nest the same way; CRC-16/CCITT-FALSE over everything up to and
 * including the CRC's own `6304`.
 */
export type EmvFields = Map<string, string>;

export function parseEmv(payload: string): EmvFields {
  const fields: EmvFields = new Map();
  let at = 0;
  while (at < payload.length) {
    const id = payload.slice(at, at + 2);
    const length = Number(payload.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length) || at + 4 + length > payload.length) {
      throw new Error(`Malformed EMVCo field at ${at}: ${payload.slice(at, at + 12)}…`);
    }
    fields.set(id, payload.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Whether the payload ends in a CRC field (`6304XXXX`) that matches the rest. */
export function hasValidCrc(payload: string): boolean {
  const match = /6304([0-9A-F]{4})$/.exec(payload);
  return match !== null && crc16CcittFalse(payload.slice(0, -4)) === match[1];
}
