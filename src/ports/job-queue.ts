/** Background work: one job executes one step of one run, delivered at least once. */
export interface StepJob {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  /** Which kind of work: a workflow step, its compensation, or a revocation call. */
  readonly phase: 'execute' | 'compensate' | 'revoke';
}

export interface JobQueue {
  /** Enqueues jobs; jobs of one run are delivered one at a time. */
  enqueue(jobs: readonly { readonly job: StepJob; readonly delayMs: number }[]): Promise<void>;
}
