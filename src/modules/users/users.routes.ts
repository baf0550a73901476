import { z } from 'zod';
import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import { page } from '../../http/paging.js';
import type { App } from '../../http/types.js';
import {
  createdUser,
  passwordReset,
  userCreate,
  userListQuery,
  userOut,
  userRoles,
  userUpdate,
} from './users.schema.js';
import {
  assignRoles,
  createUser,
  getUser,
  listUsers,
  resetPassword,
  revokeSessionsOf,
  setDisabled,
  unlockUser,
  updateUser,
} from './users.service.js';

export function userRoutes(app: App): void {
  app.get(
    '/users',
    {
      config: { access: { permission: 'user.read' } },
      schema: {
        tags: ['users'],
        summary: 'Users in your scope',
        querystring: userListQuery,
        response: withErrors({ 200: page(userOut) }),
      },
    },
    (request) => listUsers(actorOf(request), request.ctx, request.query),
  );

  app.get(
    '/users/:id',
    {
      config: { access: { permission: 'user.read' } },
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: idParams,
        response: withErrors({ 200: userOut }),
      },
    },
    (request) => getUser(actorOf(request), request.ctx, request.params.id),
  );

  app.post(
    '/users',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Create an account (system admin)',
        description:
          'The account starts with no role (the security admin grants roles) and must change its password at first sign-in.',
        body: userCreate,
        response: withErrors({ 201: createdUser }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createUser(actor, tx, request.body))),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Change an account',
        params: idParams,
        body: userUpdate,
        response: withErrors({ 200: userOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => updateUser(actor, tx, request.params.id, request.body)),
  );

  app.post(
    '/users/:id/disable',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Disable an account; its sessions end',
        params: idParams,
        response: withErrors({ 200: userOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => setDisabled(actor, tx, request.params.id, true)),
  );

  app.post(
    '/users/:id/enable',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Enable an account',
        params: idParams,
        response: withErrors({ 200: userOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => setDisabled(actor, tx, request.params.id, false)),
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Give an account a new temporary password',
        description: 'The password is returned once; the user must change it at next sign-in. Sessions end.',
        params: idParams,
        response: withErrors({ 200: passwordReset }),
      },
    },
    (request) => mutate(request, (actor, tx) => resetPassword(actor, tx, request.params.id)),
  );

  app.put(
    '/users/:id/roles',
    {
      config: { access: { permission: 'user.assign_roles' } },
      schema: {
        tags: ['users'],
        summary: 'Set the roles an account holds (security admin)',
        description:
          'system_admin, security_admin and auditor are each held alone (三员分立). Nobody changes their own roles.',
        params: idParams,
        body: userRoles,
        response: withErrors({ 200: userOut }),
      },
    },
    (request) =>
      mutate(request, (actor, tx) => assignRoles(actor, tx, request.params.id, request.body.roles)),
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { access: { permission: 'user.unlock' } },
      schema: {
        tags: ['users'],
        summary: 'Unlock an account locked by failed sign-ins',
        params: idParams,
        response: withErrors({ 200: userOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => unlockUser(actor, tx, request.params.id)),
  );

  app.delete(
    '/users/:id/sessions',
    {
      config: { access: { permission: 'session.revoke_any' } },
      schema: {
        tags: ['users'],
        summary: "End all of an account's sessions",
        params: idParams,
        response: withErrors({ 200: z.object({ revoked: z.number().int() }) }),
      },
    },
    (request) => mutate(request, (actor, tx) => revokeSessionsOf(actor, tx, request.params.id)),
  );
}
