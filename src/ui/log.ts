import * as vscode from 'vscode';
import { redact } from '../core/redact';

/**
 * The extension's output channel. Everything written goes through `redact`, because presigned URLs,
 * session tokens and signatures are bearer credentials and logs get pasted into bug reports.
 */
export class Log implements vscode.Disposable {
  private created: vscode.LogOutputChannel | undefined;

  /** Created on first write, not at activation: most sessions never log anything. */
  private get channel(): vscode.LogOutputChannel {
    this.created ??= vscode.window.createOutputChannel('S3 Presign', { log: true });
    return this.created;
  }

  info(message: string): void {
    this.channel.info(redact(message));
  }

  warn(message: string): void {
    this.channel.warn(redact(message));
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : String(error);
    this.channel.error(redact(detail ? `${message} (${detail})` : message));
  }

  dispose(): void {
    this.created?.dispose();
  }
}
