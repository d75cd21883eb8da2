import { routes } from '@lanxang/contracts';
import { who } from '../../http/context.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';

/** Tiers, promo codes, payments and revenue for admins; every write audited. */
export function rentalAdminRoutes(http: RouteMount, { rentals }: Services): void {
  const { admin } = rentals;

  mount(http, routes.adminListTiers, async () => ({ items: await admin.listTiers() }));
  mount(http, routes.adminCreateTier, ({ body, ctx }) => admin.createTier(body, who(ctx)));
  mount(http, routes.adminUpdateTier, ({ params, body, ctx }) =>
    admin.updateTier(params.id, body, who(ctx)),
  );
  mount(http, routes.adminDeactivateTier, ({ params, ctx }) =>
    admin.deactivateTier(params.id, who(ctx)),
  );

  mount(http, routes.adminListPromoCodes, async () => ({ items: await admin.listPromos() }));
  mount(http, routes.adminCreatePromoCode, ({ body, ctx }) => admin.createPromo(body, who(ctx)));
  mount(http, routes.adminUpdatePromoCode, ({ params, body, ctx }) =>
    admin.updatePromo(params.id, body, who(ctx)),
  );
  mount(http, routes.adminDeactivatePromoCode, ({ params, ctx }) =>
    admin.deactivatePromo(params.id, who(ctx)),
  );

  mount(http, routes.adminListPayments, ({ query }) => admin.listPayments(query));
  mount(http, routes.adminGetPayment, ({ params }) => admin.getPayment(params.id));
  mount(http, routes.adminMarkPaymentPaid, async ({ params, ctx }) => {
    await admin.markPaid(params.id, who(ctx));
    return admin.getPayment(params.id);
  });
  mount(http, routes.adminRefundPayment, async ({ params, body, ctx }) => {
    await admin.refund(params.id, body.reason, who(ctx));
    return admin.getPayment(params.id);
  });
  mount(http, routes.adminRevenue, ({ query }) => admin.revenue(query));
}
