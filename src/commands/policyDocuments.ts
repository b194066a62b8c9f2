import * as vscode from 'vscode';

/**
 * Read-only documents holding a bucket's current policy: the left side of the diff shown before a
 * generated policy is applied. Held in memory only, like the diff itself.
 */
export class PolicyDocuments implements vscode.Disposable {
  static readonly scheme = 's3presign-policy';
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PolicyDocuments.scheme, {
    provideTextDocumentContent: (uri) => this.texts.get(uri.path) ?? '',
  });

  /** A document at `path` showing `text`. */
  put(path: string, text: string): vscode.Uri {
    this.texts.set(path, text);
    return vscode.Uri.from({ scheme: PolicyDocuments.scheme, path });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
