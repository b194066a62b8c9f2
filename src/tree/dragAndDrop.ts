// Files dropped on the S3 tree (issue 13): from the VS Code Explorer, or from the OS where the
// workbench passes them as `text/uri-list`. A drop on a bucket or folder uploads there (an object:
// into its folder), with the confirmation and progress of "Upload and Copy Link…".
import * as vscode from 'vscode';
import { BucketNode, type ContainerNode, type ExplorerNode, FolderNode, LoadMoreNode, ObjectNode } from './nodes';

export const URI_LIST_MIME = 'text/uri-list';

export interface DropTarget {
  bucket: string;
  prefix: string;
  /** The container to reload once the upload is done. */
  node: ContainerNode;
}

/** Uploads the dropped local paths to a bucket or folder; resolves when the upload is over. */
export type DropUpload = (paths: string[], target: DropTarget) => Promise<unknown>;

/** The local paths of a `text/uri-list` (RFC 2483: one URI a line, `#` comments). */
export function pathsOfUriList(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim();
    if (!entry || entry.startsWith('#')) {
      continue;
    }
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(entry, true);
    } catch {
      continue;
    }
    if (uri.scheme === 'file') {
      paths.push(uri.fsPath);
    } else if (uri.scheme === 'vscode-remote') {
      paths.push(uri.path);
    }
  }
  return paths;
}

function targetOf(node: ExplorerNode | undefined): DropTarget | undefined {
  if (node instanceof BucketNode || node instanceof FolderNode) {
    return { bucket: node.bucket, prefix: node.prefix, node };
  }
  if (node instanceof ObjectNode || node instanceof LoadMoreNode) {
    return { bucket: node.parent.bucket, prefix: node.parent.prefix, node: node.parent };
  }
  return undefined;
}

export class S3DropController implements vscode.TreeDragAndDropController<ExplorerNode> {
  readonly dropMimeTypes = [URI_LIST_MIME];
  readonly dragMimeTypes: string[] = [];

  constructor(private readonly upload: DropUpload) {}

  async handleDrop(node: ExplorerNode | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const text = await dataTransfer.get(URI_LIST_MIME)?.asString();
    const paths = text ? pathsOfUriList(text) : [];
    if (paths.length === 0 || token.isCancellationRequested) {
      return;
    }
    const target = targetOf(node);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Drop files on a bucket or a folder of the S3 view to upload them there.'));
      return;
    }
    await this.upload(paths, target);
  }
}
