/** Runs jobs on bounded lanes and feeds each result to `nextJobs`. Knows nothing of what jobs do. */
import PQueue from 'p-queue';
import { laneOf, nextJobs, type Job, type JobResult } from './jobs.js';

export type JobHandler = (job: Job) => Promise<JobResult>;

export interface JobRunnerOptions {
  copyConcurrency: number;
  mediaConcurrency: number;
  onUnexpectedError: (job: Job, error: unknown) => void;
}

export class JobRunner {
  private readonly lanes: Record<'copy' | 'media' | 'control', PQueue>;

  constructor(
    private readonly handle: JobHandler,
    private readonly fileCount: (sessionId: string) => number,
    private readonly options: JobRunnerOptions,
  ) {
    this.lanes = {
      copy: new PQueue({ concurrency: options.copyConcurrency }),
      media: new PQueue({ concurrency: options.mediaConcurrency }),
      control: new PQueue({ concurrency: 4 }),
    };
  }

  enqueue(job: Job): void {
    void this.lanes[laneOf(job)].add(async () => {
      let result: JobResult;
      try {
        result = await this.handle(job);
      } catch (error) {
        this.options.onUnexpectedError(job, error);
        result = { status: 'stopped' };
      }
      for (const next of nextJobs(job, result, this.fileCount)) this.enqueue(next);
    });
  }

  async idle(): Promise<void> {
    // A job finishing on one lane may enqueue on another: wait until all are empty together.
    for (;;) {
      await Promise.all(Object.values(this.lanes).map((lane) => lane.onIdle()));
      if (Object.values(this.lanes).every((lane) => lane.size === 0 && lane.pending === 0)) return;
    }
  }
}
