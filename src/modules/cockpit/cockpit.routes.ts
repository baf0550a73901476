import { actorOf } from '../../http/route-kit.js';
import { withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { cockpitOut, cockpitQuery } from './cockpit.schema.js';
import { cockpit } from './cockpit.service.js';

export function cockpitRoutes(app: App): void {
  app.get(
    '/cockpit',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['cockpit'],
        summary:
          'The cockpit (驾驶舱): totals, monthly trend, unit ranking, categories, regions and Gantt rows',
        description:
          'Counts the items you may see, within the plan and the unit subtree when given. A plan or unit ' +
          'you may not see is reported missing (404).',
        querystring: cockpitQuery,
        response: withErrors({ 200: cockpitOut }),
      },
    },
    (request) => cockpit(actorOf(request), request.ctx, request.query),
  );
}
