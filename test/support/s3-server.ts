/**
 * A real S3 API on 127.0.0.1 for the tests of the S3 backend: s3rver (an
 * S3-compatible server on the file system), started and stopped by the test
 * itself on a free port. Terraform's S3 backend talks to it path-style,
 * with the endpoint and the skip_* flags in a backend configuration file
 * that only the tests write (`backendConfigFile`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import S3rver from 's3rver';

/** An object written or deleted, in the order the server saw it. */
export interface S3Event {
  type: 'put' | 'delete';
  bucket: string;
  key: string;
}

export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Every object put or deleted since the start. */
  readonly events: S3Event[];
  /** The object at `key`, or undefined when there is none (a real GET, without credentials). */
  get(bucket: string, key: string): Promise<string | undefined>;
  /** Keys of the bucket (a real ListObjectsV2). */
  list(bucket: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with `buckets`, on a port the system picks; `stop` closes it and removes its files. */
export async function startS3(buckets: string[]): Promise<S3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // Terraform signs with the test's fake key; s3rver checks signatures only against its own.
    allowMismatchedSignatures: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const events: S3Event[] = [];
  server.on('event', (event: { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[] }) => {
    for (const record of event.Records) {
      const type = record.eventName.startsWith('ObjectRemoved') ? 'delete' : 'put';
      events.push({ type, bucket: record.s3.bucket.name, key: decodeURIComponent(record.s3.object.key) });
    }
  });
  let address: { port: number };
  try {
    address = await server.run();
  } catch (err) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    events,
    async get(bucket, key) {
      const response = await fetch(`${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`GET ${bucket}/${key}: HTTP ${response.status}`);
      return response.text();
    },
    async list(bucket) {
      const response = await fetch(`${endpoint}/${bucket}?list-type=2`);
      if (!response.ok) throw new Error(`ListObjectsV2 ${bucket}: HTTP ${response.status}`);
      return [...(await response.text()).matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]).sort();
    },
    async stop() {
      try {
        await server.close();
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The backend settings that point Terraform's S3 backend at the test server,
 * as a file for `terraform init -backend-config=<file>`: never part of what
 * users deploy.
 */
export function backendConfigFile(dir: string, endpoint: string): string {
  const file = path.join(dir, 'test.s3.tfbackend');
  fs.writeFileSync(
    file,
    `endpoints = {
  s3 = ${JSON.stringify(endpoint)}
}
use_path_style              = true
access_key                  = "S3RVER"
secret_key                  = "S3RVER"
skip_credentials_validation = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
skip_region_validation      = true
skip_s3_checksum            = true
`,
  );
  return file;
}
