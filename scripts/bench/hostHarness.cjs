/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS loaded by the extension host */
// Runs inside the real VS Code extension host (code-server), as the "tests" of a bench session
// (scripts/bench/bench.mjs). Activates a hello-world extension, ours, and a second hello world,
// timing each `ext.activate()` (module load + activate()), then (unless
// $S3PRESIGN_BENCH_ACTIVATION_ONLY) expands a 10,000-object bucket in our explorer until 5,000
// objects are loaded and records the host's heap (after a full GC) with their tree items held, as the
// view holds them. Writes JSON to $S3PRESIGN_BENCH_OUT. Plain
// CommonJS: needs no compilation.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const OURS = 's3-presign.s3-presign';

async function activationMs(id) {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) {
    const loaded = vscode.extensions.all.filter((ext) => !ext.id.startsWith('vscode.')).map((ext) => ext.id);
    throw new Error(`${id} is not loaded (loaded: ${loaded.join(', ')})`);
  }
  if (extension.isActive) {
    throw new Error(`${id} was already active: the measurement would be meaningless`);
  }
  const started = performance.now();
  await extension.activate();
  return performance.now() - started;
}

/** Whether dist/sdk.js (the lazily loaded SDK bundle) has been required. */
const sdkLoaded = () => Object.keys(require.cache).some((file) => file.endsWith(path.join(path.sep, 'dist', 'sdk.js')));

/** Best of `runs` timings of `work`, in ms. */
async function bestOf(runs, work) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work(run);
    times.push(performance.now() - started);
  }
  return Math.min(...times);
}

/**
 * Upload and Copy Link (issue 13) by automation, and the same work without the extension while the
 * same workbench runs on the same cores (a busy host costs a third of the throughput on 2 cores): the
 * bare lib-storage script in this host, with the same part size and concurrency, and `aws s3 cp`
 * spawned from it. The host's RSS is sampled every 20 ms during our first large upload.
 */
async function uploads(largeFile) {
  const bucket = process.env.S3PRESIGN_BENCH_UPLOAD_BUCKET;
  const rgw = JSON.parse(process.env.S3PRESIGN_BENCH_RGW);
  const modules = process.env.S3PRESIGN_BENCH_NODE_MODULES;
  const { S3Client, GetObjectCommand } = require(path.join(modules, '@aws-sdk/client-s3'));
  const { Upload } = require(path.join(modules, '@aws-sdk/lib-storage'));
  const { getSignedUrl } = require(path.join(modules, '@aws-sdk/s3-request-presigner'));
  const s3 = new S3Client({
    endpoint: rgw.endpoint,
    region: rgw.region,
    credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bareUpload = (file, key) =>
    new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: fs.createReadStream(file) }, partSize: 8 * 2 ** 20, queueSize: 4 }).done();
  const smallDir = process.env.S3PRESIGN_BENCH_SMALL_DIR;
  const smallFiles = fs.readdirSync(smallDir).map((name) => path.join(smallDir, name));
  const out = {};
  const ours = async () => {
    const started = performance.now();
    const url = await vscode.commands.executeCommand('s3Presign.uploadAndCopyLink', { files: [largeFile], bucket, prefix: 'upload-bench/large/', overwrite: true });
    if (typeof url !== 'string') {
      throw new Error('the large upload copied no link');
    }
    return performance.now() - started;
  };
  // Ours first, while the host's memory has not yet held anyone's parts: RSS sampled every 20 ms.
  const rssBefore = (heapUsedAfterGc(), process.memoryUsage().rss);
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const firstMs = await ours().finally(() => clearInterval(sampler));
  out.rssBeforeMB = rssBefore / 2 ** 20;
  out.rssPeakMB = peak / 2 ** 20;
  try {
    out.bareInHostMs = await bestOf(2, () => bareUpload(largeFile, 'upload-bench/bare-in-host/large.bin'));
    out.bareSmallInHostMs = await bestOf(1, async () => {
      let next = 0;
      const worker = async () => {
        while (next < smallFiles.length) {
          const file = smallFiles[next++];
          const key = `upload-bench/bare-in-host-small/${path.basename(file)}`;
          await bareUpload(file, key);
          await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600 });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    });
  } finally {
    s3.destroy();
  }
  // Spawned without blocking: the host must keep answering the workbench meanwhile.
  const { execFile } = require('node:child_process');
  const run = (file, args, env) =>
    new Promise((resolve, reject) => execFile(file, args, { env, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`${file}: ${stderr || error.message}`)) : resolve(stdout))));
  const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: rgw.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.secretAccessKey, AWS_DEFAULT_REGION: rgw.region, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  delete awsEnv.AWS_PROFILE;
  if (await run('aws', ['--version'], awsEnv).then(() => true, () => false)) {
    out.awsInHostMs = await bestOf(2, () => run('aws', ['s3', 'cp', largeFile, `s3://${bucket}/upload-bench/aws-in-host/large.bin`, '--endpoint-url', rgw.endpoint, '--only-show-errors'], awsEnv));
  }

  // Best of two, as for the others: the first also paid for the gateway and the bucket's region.
  out.largeMs = Math.min(firstMs, await ours());
  out.smallMs = await bestOf(1, async () => {
    const urls = await vscode.commands.executeCommand('s3Presign.uploadAndCopyLink', { files: smallFiles, bucket, prefix: 'upload-bench/small/', overwrite: true });
    if (!Array.isArray(urls) || urls.length !== smallFiles.length) {
      throw new Error('the small files copied no list of links');
    }
  });
  return out;
}

/** The heap in use after a full collection, so that garbage does not count. */
function heapUsedAfterGc() {
  require('node:v8').setFlagsFromString('--expose-gc');
  require('node:vm').runInNewContext('gc')();
  return process.memoryUsage().heapUsed;
}

exports.run = async function run() {
  const out = process.env.S3PRESIGN_BENCH_OUT;
  const result = { activation: {}, heap: {} };
  try {
    // Let the workbench settle (startup, onStartupFinished activations of built-ins).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    result.activation.helloA = await activationMs('s3p-bench.hello-a');
    result.activation.ours = await activationMs(OURS);
    result.activation.helloB = await activationMs('s3p-bench.hello-b');
    result.activation.sdkLoadedAfterActivation = sdkLoaded();
    if (process.env.S3PRESIGN_BENCH_ACTIVATION_ONLY) {
      fs.writeFileSync(out, JSON.stringify(result, null, 2));
      return;
    }

    const config = vscode.workspace.getConfiguration('s3Presign');
    const delayed = process.env.S3PRESIGN_BENCH_DELAY_ENDPOINT;
    if (delayed) {
      // Click to clipboard on a slow link (issue 12): every request through a proxy that adds a delay.
      // First, before anything has loaded the SDK, as for the first link of a window.
      await config.update('endpoint', delayed, vscode.ConfigurationTarget.Global);
      const roundTrips = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await fetch(`${delayed}/`).then((response) => response.arrayBuffer());
        roundTrips.push(performance.now() - started);
      }
      const clicks = [];
      for (const key of ['obj-00001.txt', 'obj-00002.txt', 'obj-00003.txt', 'obj-00004.txt', 'obj-00005.txt']) {
        const started = performance.now();
        const url = await vscode.commands.executeCommand('s3Presign.copyGetUrl', { bucket: 'bench-1k', key, expiresIn: 600 });
        clicks.push(performance.now() - started);
        if (!url || (await vscode.env.clipboard.readText()) !== url) {
          throw new Error(`no link copied for ${key}`);
        }
      }
      result.clickToClipboard = { roundTripMs: roundTrips.sort((a, b) => a - b)[2], clicksMs: clicks };
      await config.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    }
    const uploadFile = process.env.S3PRESIGN_BENCH_UPLOAD_FILE;
    if (uploadFile) {
      result.upload = await uploads(uploadFile);
    }
    await config.update('pageSize', 1000, vscode.ConfigurationTarget.Global);
    const { explorer } = vscode.extensions.getExtension(OURS).exports;
    explorer.refresh();
    const contextOf = (node) => explorer.getTreeItem(node).contextValue;
    const heapBefore = heapUsedAfterGc();
    const bucketName = process.env.S3PRESIGN_BENCH_BUCKET;
    const started = performance.now();
    const roots = await explorer.getChildren();
    const bucket = roots.find((node) => node.bucket === bucketName && contextOf(node)?.startsWith('bucket'));
    if (!bucket) {
      throw new Error(`bucket ${bucketName} not in the tree: ${roots.map((n) => String(n.label)).join(', ')}`);
    }
    result.heap.firstExpandMs = 0;
    let children = await explorer.getChildren(bucket);
    result.heap.firstExpandMs = performance.now() - started;
    const objects = () => children.filter((node) => contextOf(node) === 'object').length;
    while (objects() < 5000) {
      const before = objects();
      await explorer.loadMore(bucket);
      children = await explorer.getChildren(bucket);
      if (objects() === before) {
        break;
      }
    }
    result.heap.objectsLoaded = objects();
    result.heap.expandMs = performance.now() - started;
    // Tree items as the view asks for them, and holds them.
    const items = children.map((node) => explorer.getTreeItem(node));
    const heapAfter = heapUsedAfterGc();
    result.heap.itemsHeld = items.length;
    result.heap.beforeMB = heapBefore / 2 ** 20;
    result.heap.afterMB = heapAfter / 2 ** 20;
    result.heap.bytesPerObject = (heapAfter - heapBefore) / result.heap.objectsLoaded;
    result.heap.rssAfterMB = process.memoryUsage().rss / 2 ** 20;
    result.heap.sdkLoaded = sdkLoaded();
    await config.update('pageSize', undefined, vscode.ConfigurationTarget.Global);
  } catch (error) {
    result.error = String(error && error.stack ? error.stack : error);
  }
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  if (result.error) {
    throw new Error(result.error);
  }
};
