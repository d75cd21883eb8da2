import type { AsyncLocalStorage } from 'node:async_hooks';
import { RequestContext, type EntityManager } from '@mikro-orm/core';
import type Koa from 'koa';
import type { AppState } from './context.js';

/**
 * A request's own EntityManager, forked the first time the request asks for one. Most requests
 * never do: catalog reads, progress saves and analytics batches run raw SQL, cached answers run
 * nothing, and `RequestContext.create` would fork for each of them anyway (a unit of work, an
 * identity map, a loader, a validator, and two writes to `process.env` per fork).
 */
class ForkOnFirstUse extends Map<string, EntityManager> {
  private forking = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    const made = super.get(name);
    if (made || name !== this.root.name || this.forking) return made;
    // Forked from the root as `RequestContext.create` forks it, outside any context: while the
    // fork is being built MikroORM asks for the current context again, and finds none, as there.
    this.forking = true;
    try {
      const fork = this.root.fork({ useContext: true, disableContextResolution: true });
      this.set(name, fork);
      return fork;
    } finally {
      this.forking = false;
    }
  }
}

/**
 * MikroORM finds the current request's context in this store (`RequestContext.getEntityManager`);
 * it offers no way to enter it without forking first, so the store is taken from the class. Checked
 * here, at start-up, so an upgrade that moves it fails at once instead of losing every context.
 */
function contextStore(): AsyncLocalStorage<RequestContext> {
  const store = (RequestContext as unknown as { storage?: AsyncLocalStorage<RequestContext> })
    .storage;
  if (typeof store?.run !== 'function')
    throw new Error('MikroORM RequestContext.storage is gone: update http/request-context.ts');
  return store;
}

/** Runs the rest of the request in its own context, as `RequestContext.create` does, forking lazily. */
export function requestContext(em: EntityManager): Koa.Middleware<AppState> {
  const store = contextStore();
  return (_ctx, next) => store.run(new RequestContext(new ForkOnFirstUse(em)), next);
}
