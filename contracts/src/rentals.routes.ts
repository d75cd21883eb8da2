import { defineRoute, type RouteSpec } from './route-spec.js';
import { IdOrSlugParamsSchema } from './catalog.js';
import {
  ApplyPromoSchema,
  PaymentCodeParamsSchema,
  PaymentParamsSchema,
  PaymentSchema,
  PaymentWaitQuerySchema,
  PhonePaymentSchema,
  RentalListSchema,
  RentalPriceQuerySchema,
  RentalPriceSchema,
  StartPaymentSchema,
  WebhookAckSchema,
  WebhookParamsSchema,
} from './rentals.js';

/** Renting a film: its price, paying for it (TV and phone), the viewer's rentals, provider webhooks. */
export const rentalRouteSpecs = {
  getRentalPrice: defineRoute({
    method: 'get',
    path: '/api/movies/{idOrSlug}/price',
    summary: 'What renting a film costs this viewer, with a promo code applied (rate-limited)',
    tag: 'rentals',
    access: 'viewerOrAnonymous',
    params: IdOrSlugParamsSchema,
    query: RentalPriceQuerySchema,
    response: RentalPriceSchema,
  }),
  startPayment: defineRoute({
    method: 'post',
    path: '/api/payments',
    summary:
      'Start paying for a rental: the LAO QR payload, a phone link and code, and its expiry (a 100 % promo grants at once)',
    tag: 'rentals',
    access: 'viewerOrAnonymous',
    body: StartPaymentSchema,
    response: PaymentSchema,
    status: 201,
  }),
  getPayment: defineRoute({
    method: 'get',
    path: '/api/payments/{id}',
    summary:
      'One of my payments; with `waitSeconds` it answers as soon as its `version` differs from the one given (long-poll)',
    tag: 'rentals',
    access: 'viewerOrAnonymous',
    params: PaymentParamsSchema,
    query: PaymentWaitQuerySchema,
    response: PaymentSchema,
  }),
  cancelPayment: defineRoute({
    method: 'post',
    path: '/api/payments/{id}/cancel',
    summary: 'Give up a pending payment (it fails with reason `cancelled`)',
    tag: 'rentals',
    access: 'viewerOrAnonymous',
    params: PaymentParamsSchema,
    response: PaymentSchema,
  }),
  listRentals: defineRoute({
    method: 'get',
    path: '/api/rentals',
    summary: 'My rentals: active ones (with the time left) and past ones',
    tag: 'rentals',
    access: 'viewerOrAnonymous',
    response: RentalListSchema,
  }),
  getPaymentByCode: defineRoute({
    method: 'get',
    path: '/api/payments/by-code/{code}',
    summary: 'A pending payment as the phone page shows it, found by its short code (rate-limited)',
    tag: 'rentals',
    access: 'optional',
    params: PaymentCodeParamsSchema,
    response: PhonePaymentSchema,
  }),
  applyPromo: defineRoute({
    method: 'post',
    path: '/api/payments/by-code/{code}/promo',
    summary:
      'Apply a promo code to a pending payment from the phone page (a 100 % code completes it; rate-limited)',
    tag: 'rentals',
    access: 'optional',
    params: PaymentCodeParamsSchema,
    body: ApplyPromoSchema,
    response: PhonePaymentSchema,
  }),
  paymentWebhook: defineRoute({
    method: 'post',
    path: '/api/webhooks/{provider}',
    summary:
      'A payment provider’s notification: signed (`X-Lanxang-Timestamp`, `X-Lanxang-Signature`: HMAC-SHA256 of `timestamp.rawBody`), idempotent',
    tag: 'webhooks',
    access: 'public',
    params: WebhookParamsSchema,
    response: WebhookAckSchema,
  }),
} satisfies Record<string, RouteSpec>;
