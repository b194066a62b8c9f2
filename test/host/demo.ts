/**
 * The demo (README's first command, via scripts/demo.sh): a real VS Code (code-server) with the
 * extension installed and the `demo` profile pointing at the local radosgw started by demo.sh.
 * Prints the URL to open and runs until Ctrl-C, then stops code-server.
 */
import { REPO_ROOT, startCodeServer } from './codeServer';

async function main(): Promise<void> {
  const port = Number(process.env.DEMO_PORT) || 8080;
  const server = await startCodeServer({
    port,
    extensions: [REPO_ROOT],
    env: {
      AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
      AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
      AWS_PROFILE: 'demo',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    settings: { 'workbench.startupEditor': 'none', 's3Presign.statusBar.alwaysShow': true },
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('\nStopping code-server…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log('\nS3 Presign demo is running.');
  console.log(`  Open:      ${server.url}?folder=${encodeURIComponent(server.workspaceUri().replace(/^vscode-remote:\/\/[^/]+/, ''))}`);
  console.log('  Then click the S3 icon in the activity bar. Profile "demo" points at the local radosgw.');
  console.log('  Stop:      Ctrl-C (stops code-server and the local S3).\n');
  await server.exited;
  if (!stopping) {
    console.error('code-server exited unexpectedly.');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
