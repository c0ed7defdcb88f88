// The part of s3rver 3.7.1 (which ships no types) that test/support/s3-server.ts uses.
declare module 's3rver' {
  import type { EventEmitter } from 'events';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs: string[] }[];
  }

  class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    /** Starts listening; resolves with the address (its port among it). */
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }

  export = S3rver;
}
