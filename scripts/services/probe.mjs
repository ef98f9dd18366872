// Readiness probes that need a real client: waits until a service answers, or fails after a timeout.
// Usage: node probe.mjs mongo URL TIMEOUT_S
//        node probe.mjs s3 ENDPOINT TIMEOUT_S BUCKET
import { MongoClient } from 'mongodb';
import { S3Client, HeadBucketCommand } from '@aws-sdk/client-s3';

const [kind, target, timeoutArg, bucket] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg ?? 60) * 1000;

async function pingMongo() {
  const client = new MongoClient(target, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    const reply = await client.db('admin').command({ ping: 1 });
    if (reply.ok !== 1) throw new Error(`ping answered ${JSON.stringify(reply)}`);
  } finally {
    await client.close().catch(() => {});
  }
}

async function headBucket() {
  const client = new S3Client({
    endpoint: target,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}

const probes = { mongo: pingMongo, s3: headBucket };
const probe = probes[kind];
if (!probe || !target || (kind === 's3' && !bucket)) {
  console.error('usage: probe.mjs mongo URL TIMEOUT_S | probe.mjs s3 ENDPOINT TIMEOUT_S BUCKET');
  process.exit(2);
}

let lastError;
while (Date.now() < deadline) {
  try {
    await probe();
    process.exit(0);
  } catch (err) {
    lastError = err;
    await new Promise((r) => setTimeout(r, 200));
  }
}
console.error(`[services] ${kind} at ${target} did not answer: ${lastError?.message ?? lastError}`);
process.exit(1);
