import { Queue } from '@forge/events';
import type { JobQueue, StepJob } from '../ports/job-queue';

/** The queue key declared for the step consumer in manifest.yml. */
export const STEP_QUEUE_KEY = 'run-steps';

/** Forge's limits on one push. */
const MAX_EVENTS_PER_PUSH = 50;
const MAX_DELAY_SECONDS = 900;

/** JobQueue over `@forge/events`: one run's jobs share a concurrency key, so they never race. */
export class ForgeJobQueue implements JobQueue {
  private readonly queue = new Queue({ key: STEP_QUEUE_KEY });

  async enqueue(jobs: readonly { readonly job: StepJob; readonly delayMs: number }[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += MAX_EVENTS_PER_PUSH) {
      const batch = jobs.slice(i, i + MAX_EVENTS_PER_PUSH).map(({ job, delayMs }) => ({
        body: { ...job },
        delayInSeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000))),
        concurrency: { key: `run-${job.runId}`, limit: 1 },
      }));
      await this.queue.push(batch);
    }
  }
}
