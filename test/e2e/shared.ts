// One workbench (code-server with the .vsix, profile `rgw`) shared by the packaging and flow tests:
// starting code-server and Chromium costs about 10 s on a busy 2-core machine.
import { startWorkbench, type Workbench } from './harness';

/** Lines per page in the tree: small, so "Load more…" shows without scrolling through 500 rows. */
export const PAGE_SIZE = 25;

let workbench: Promise<Workbench> | undefined;

export function sharedWorkbench(): Promise<Workbench> {
  workbench ??= startWorkbench({ 's3Presign.profile': 'rgw', 's3Presign.pageSize': PAGE_SIZE });
  return workbench;
}
