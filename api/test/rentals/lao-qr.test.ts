import { describe, expect, it } from 'vitest';
import {
  crc16CcittFalse,
  encodeLaoQr,
  LaoQrError,
  parseLaoQr,
} from '../../src/modules/rentals/lao-qr.js';

const payment = {
  aid: 'A005266284662577',
  acquirerId: '27710418',
  merchantId: 'LANXANG0001',
  merchantCategoryCode: '7841',
  amount: 15000,
  merchantName: 'LANXANG',
  merchantCity: 'VIENTIANE',
  billNumber: '0123456789ABCDEFGHJK',
};

describe('LAO QR', () => {
  it('computes CRC-16/CCITT-FALSE (check value of "123456789" is 29B1)', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
    expect(crc16CcittFalse('')).toBe('FFFF');
  });

  it('encodes a dynamic merchant-presented payload in kip, ending with its CRC', () => {
    const payload = encodeLaoQr(payment);
    expect(payload.startsWith('000201010212')).toBe(true);
    expect(payload).toContain('5303418');
    expect(payload).toContain('540515000');
    expect(payload).toContain('5802LA');
    expect(payload).toContain('5907LANXANG');
    expect(payload).toContain('6009VIENTIANE');
    expect(payload).toContain('62240120' + payment.billNumber);
    expect(payload.slice(-8, -4)).toBe('6304');
    expect(payload.slice(-4)).toBe(crc16CcittFalse(payload.slice(0, -4)));
  });

  it('parses what it encodes', () => {
    const parsed = parseLaoQr(encodeLaoQr(payment));
    expect(parsed).toMatchObject({
      pointOfInitiation: '12',
      currency: '418',
      countryCode: 'LA',
      amount: 15000,
      merchantName: 'LANXANG',
      merchantCity: 'VIENTIANE',
      merchantCategoryCode: '7841',
      billNumber: payment.billNumber,
    });
    expect(parsed.merchantAccount.get('00')).toBe(payment.aid);
    expect(parsed.merchantAccount.get('02')).toBe(payment.merchantId);
  });

  it('refuses a payload whose amount was changed after the CRC was made', () => {
    const tampered = encodeLaoQr(payment).replace('540515000', '540510000');
    expect(() => parseLaoQr(tampered)).toThrow(LaoQrError);
    expect(() => parseLaoQr('000201')).toThrow(LaoQrError);
  });

  it('refuses amounts that are not whole kip', () => {
    expect(() => encodeLaoQr({ ...payment, amount: 0 })).toThrow(RangeError);
    expect(() => encodeLaoQr({ ...payment, amount: 1.5 })).toThrow(RangeError);
  });
});
