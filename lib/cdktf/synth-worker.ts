/**
 * A worker thread of `synthesizeFleet` (lib/cdktf/synth.ts): synthesizes one
 * slice of a large fleet into temporary files and reports what it wrote.
 */
import { parentPort, workerData } from 'worker_threads';
import type { Fleet, FleetVpc } from '../model/fleet';
import { synthesizeSlice, type FleetStackOptions } from './synth';

interface Job {
  fleet: Pick<Fleet, 'kind' | 'hub'>;
  vpcs: FleetVpc[];
  target: string;
  suffix: string;
  stackTraces: boolean;
  stackOptions: FleetStackOptions;
}

const job = workerData as Job;
try {
  parentPort!.postMessage({ result: synthesizeSlice(job.fleet, job.vpcs, job.target, job.suffix, job.stackTraces, job.stackOptions) });
} catch (err) {
  const error = err instanceof Error ? err : new Error(String(err));
  // The errno code (ENOTDIR, EACCES...) lets the command report a file system problem as bad input.
  parentPort!.postMessage({ error: { message: error.message, stack: error.stack, code: (error as NodeJS.ErrnoException).code } });
}
