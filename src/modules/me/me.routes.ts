import { z } from 'zod';
import { actorOf } from '../../http/route-kit.js';
import { withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { itemRow } from '../items/items.schema.js';
import { myDone, myTodo } from './todo.service.js';

const slot = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  itemCode: z.string(),
  itemTitle: z.string(),
  period: z.string(),
  dueDate: z.string(),
  state: z.string(),
  isLead: z.boolean(),
  overdue: z.boolean(),
});
const itemsPage = z.object({ data: z.array(itemRow), total: z.number().int() });
const slotsPage = z.object({ data: z.array(slot), total: z.number().int() });

export function meRoutes(app: App): void {
  app.get(
    '/me/todo',
    {
      config: { access: { permission: null } },
      schema: {
        tags: ['me'],
        summary: 'My work (待办): items to sign, items sent back, reports due, reviews waiting',
        response: withErrors({
          200: z.object({
            toSign: itemsPage,
            /** Items the supervisor sent back (退回): to be worked on and asked to close again. */
            returned: itemsPage,
            reportsDue: slotsPage,
            reportReviews: slotsPage,
            completionReviews: itemsPage,
            extensionReviews: itemsPage,
            /** For a leader: the items they lead (牵头领导) that are red or yellow, red first. */
            attention: itemsPage,
          }),
        }),
      },
    },
    (request) => myTodo(actorOf(request), request.ctx),
  );
  app.get(
    '/me/done',
    {
      config: { access: { permission: null } },
      schema: {
        tags: ['me'],
        summary: 'What I have done (已办)',
        response: withErrors({
          200: z.object({
            data: z.array(
              z.object({
                id: z.number().int(),
                at: z.string(),
                kind: z.string(),
                note: z.string().nullable(),
                itemId: z.number().int(),
                itemCode: z.string(),
                itemTitle: z.string(),
              }),
            ),
          }),
        }),
      },
    },
    async (request) => ({ data: await myDone(actorOf(request), request.ctx) }),
  );
}
