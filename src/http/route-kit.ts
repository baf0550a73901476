import type { FastifyRequest } from 'fastify';
import type { Actor } from '../context.js';
import { inTransaction, type TxCtx } from '../context.js';
import { AppError } from '../errors.js';

/** The actor of a request whose route required one (the auth hook has already refused anonymous calls). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new AppError('unauthenticated');
  }
  return request.actor;
}

/** Runs a mutating service call in one transaction: the change and its audit entry commit together. */
export function mutate<T>(request: FastifyRequest, fn: (actor: Actor, tx: TxCtx) => Promise<T>): Promise<T> {
  const actor = actorOf(request);
  return inTransaction(request.ctx, (tx) => fn(actor, tx));
}
