import { Cron } from 'croner';
import { iso } from './clock.js';
import type { Ctx } from './context.js';
import { today } from './context.js';
import { refreshStaleHealth } from './modules/items/health.service.js';
import { ensureAllSlots, markMissed } from './modules/reports/slots.js';

/**
 * The work the date moving on brings: new report slots, slots that became missed, and health brought
 * up to today. It runs once a day per database: the node that records the day in `job_runs` first
 * does it, so several app nodes never double it. It runs at 00:05 in the office's time zone, and
 * also before the first request of a day that finds it not yet done.
 */
export class DailyWork {
  #doneFor: string | null = null;
  #running: Promise<void> | null = null;
  #cron: Cron | null = null;

  async ensure(ctx: Ctx): Promise<void> {
    const day = today(ctx);
    if (this.#doneFor === day) {
      return;
    }
    this.#running ??= this.#run(ctx, day).finally(() => {
      this.#running = null;
    });
    await this.#running;
  }

  async #run(ctx: Ctx, day: string): Promise<void> {
    const claimed = await ctx.db
      .insertInto('job_runs')
      .values({ job: 'daily', run_key: day, started_at: iso(ctx.clock.now()), finished_at: null })
      .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) > 0) {
      await ensureAllSlots(ctx);
      await markMissed(ctx);
      await refreshStaleHealth(ctx);
      await ctx.db
        .updateTable('job_runs')
        .set({ finished_at: iso(ctx.clock.now()) })
        .where('job', '=', 'daily')
        .where('run_key', '=', day)
        .execute();
    }
    this.#doneFor = day;
  }

  /** Schedules the nightly run; returns a function that stops it. */
  start(ctx: Ctx, onError: (err: unknown) => void): () => void {
    this.#cron = new Cron('5 0 * * *', { timezone: ctx.config.timeZone, protect: true }, () => {
      this.ensure(ctx).catch(onError);
    });
    return () => this.#cron?.stop();
  }
}
