import * as vscode from 'vscode';
import { guessContentType } from '../core/contentType';
import { formatExpiryNotice } from '../core/duration';
import {
  type PartPlan,
  largeUploadSecret,
  parseByteSize,
  parseLargeUploadArgs,
  parseLargeUploadSecret,
  planParts,
} from '../core/largeUpload';
import type { LargeUploadScriptInput } from '../core/largeUploadScripts';
import type { LinkRecord } from '../core/linkLedger';
import { describeS3Error } from '../s3/errors';
import { loadSdk } from '../s3/loadSdk';
import type { PresignedMultipart } from '../s3/s3Gateway';
import { defaultExpirySeconds } from '../settings';
import { showS3Error } from '../ui/errors';
import { pickExpiry } from '../ui/expiryPicker';
import { formatBytes } from '../ui/format';
import { askObjectKey } from '../ui/pickers';
import { isDestinationNode, resolveDestination } from './destination';
import type { ExplorerContext } from './explorerContext';
import type { PresignServices } from './issueLink';

/** What `executeCommand('s3Presign.presignLargeUpload', args)` resolves to. */
export interface LargeUploadResult {
  uploadId: string;
  partSize: number;
  parts: Array<{ partNumber: number; url: string }>;
  completeUrl: string;
  bash: string;
  powershell: string;
}

interface LargeUploadRequest {
  bucket: string;
  key: string;
  plan: PartPlan;
  expiresIn: number;
}

type ScriptKind = 'bash' | 'powershell';

const LANGUAGE: Record<ScriptKind, string> = { bash: 'shellscript', powershell: 'powershell' };

/** The script of the user's own system first: PowerShell on Windows, bash elsewhere. */
function preferredScript(): ScriptKind {
  return process.platform === 'win32' ? 'powershell' : 'bash';
}

function title(): string {
  return vscode.l10n.t('Presign Large Upload');
}

/**
 * "Presign Large Upload…" (palette, bucket and folder items): asks the key, the file's size and the
 * expiry, starts a multipart upload, signs one UploadPart URL per part and the Complete POST, and opens
 * a ready script (bash or PowerShell) that uploads the file with them. With `{ bucket, key, size,
 * expiresIn?, partSize? }` it asks nothing and resolves to the URLs and both scripts.
 */
export async function presignLargeUpload(services: PresignServices, explorer: ExplorerContext, arg: unknown): Promise<LargeUploadResult | undefined> {
  if (arg !== undefined && !isDestinationNode(arg)) {
    const parsed = parseLargeUploadArgs(arg);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Presign Large Upload: {0}', parsed.message));
      return undefined;
    }
    const { bucket: argBucket, key, expiresIn = defaultExpirySeconds() } = parsed.args;
    return startLargeUpload(services, { bucket: argBucket, key, plan: parsed.plan, expiresIn }, false);
  }
  const destination = await resolveDestination(services.connection, explorer, arg, title());
  if (destination === undefined) {
    return undefined;
  }
  const { bucket, prefix } = destination;
  const key = await askObjectKey(title(), vscode.l10n.t('Key to upload to in s3://{0}/', bucket), prefix);
  if (key === undefined) {
    return undefined;
  }
  const plan = await askPlan();
  if (plan === undefined) {
    return undefined;
  }
  const expiresIn = await pickExpiry(services.state, defaultExpirySeconds(), title());
  if (expiresIn === undefined) {
    return undefined;
  }
  return startLargeUpload(services, { bucket, key, plan, expiresIn }, true);
}

function describePlan(plan: PartPlan): string {
  return vscode.l10n.t('{0} parts of {1} ({2} bytes); files up to {3}.', plan.partCount, formatBytes(plan.partSize), plan.partSize, formatBytes(plan.partSize * plan.partCount));
}

/** Asks the file's size; the box shows the parts it makes, or why S3 cannot take it. */
async function askPlan(): Promise<PartPlan | undefined> {
  const planFor = (text: string) => {
    const size = parseByteSize(text, vscode.l10n.t('Size'));
    return size.ok ? planParts(size.bytes) : size;
  };
  const text = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t('Size of the file to upload, e.g. 12 GB or 12884901888 (bytes). At most 5 TiB.'),
    placeHolder: vscode.l10n.t('12 GB'),
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) {
        return undefined;
      }
      const plan = planFor(value);
      return plan.ok
        ? { message: describePlan(plan.plan), severity: vscode.InputBoxValidationSeverity.Info }
        : { message: plan.message, severity: vscode.InputBoxValidationSeverity.Error };
    },
  });
  if (text === undefined) {
    return undefined;
  }
  const plan = planFor(text);
  if (!plan.ok) {
    // Enter on an empty box: nothing was validated yet.
    void vscode.window.showErrorMessage(vscode.l10n.t('Presign Large Upload: {0}', plan.message));
    return undefined;
  }
  return plan.plan;
}

function scriptInput(record: Pick<LinkRecord, 'bucket' | 'key'>, partSize: number, urls: { parts: string[]; completeUrl: string }, expiresAt: Date): LargeUploadScriptInput {
  return {
    bucket: record.bucket,
    key: record.key,
    partSize,
    parts: urls.parts.map((url, index) => ({ partNumber: index + 1, url })),
    completeUrl: urls.completeUrl,
    expiresAt,
  };
}

function scripts(input: LargeUploadScriptInput): Record<ScriptKind, string> {
  const { bashLargeUploadScript, powershellLargeUploadScript } = loadSdk();
  return { bash: bashLargeUploadScript(input), powershell: powershellLargeUploadScript(input) };
}

async function openScript(text: string, kind: ScriptKind): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE[kind], content: text });
  await vscode.window.showTextDocument(document, { preview: false });
}

/** Creates the multipart upload and signs its URLs; an upload whose URLs could not be made is aborted. */
async function startLargeUpload(services: PresignServices, request: LargeUploadRequest, interactive: boolean): Promise<LargeUploadResult | undefined> {
  const { connection, log } = services;
  const { bucket, key, plan, expiresIn } = request;
  try {
    const gateway = await connection.gateway();
    const { uploadId, presigned } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the upload to s3://{0}/{1}…', bucket, key) },
      async () => {
        const uploadId = await gateway.createMultipartUpload({ bucket, key, contentType: guessContentType(key) });
        try {
          const presigned = await gateway.presignMultipart({ bucket, key, uploadId, partCount: plan.partCount, expiresIn });
          return { uploadId, presigned };
        } catch (error) {
          await gateway.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
          throw error;
        }
      },
    );
    const record = await recordUpload(services, { bucket, key, uploadId, plan, expiresIn }, presigned);
    log.info(`Presigned a large upload to s3://${bucket}/${key} (upload ${uploadId}, ${plan.partCount} parts of ${plan.partSize} bytes), ${formatExpiryNotice(presigned.effectiveExpiresAt, new Date())}.`);
    const texts = scripts(scriptInput(record, plan.partSize, { parts: presigned.parts.map((part) => part.url), completeUrl: presigned.completeUrl }, presigned.effectiveExpiresAt));
    if (interactive) {
      await openScript(texts[preferredScript()], preferredScript());
      void showStarted(record, texts, presigned);
    }
    return { uploadId, partSize: plan.partSize, parts: presigned.parts, completeUrl: presigned.completeUrl, ...texts };
  } catch (error) {
    log.error(`Could not presign a large upload to s3://${bucket}/${key}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket }));
    return undefined;
  }
}

/** Records the pending upload; if that fails the upload is aborted, since nothing could list it to abort it later. */
async function recordUpload(
  services: PresignServices,
  upload: { bucket: string; key: string; uploadId: string; plan: PartPlan; expiresIn: number },
  presigned: PresignedMultipart,
): Promise<LinkRecord> {
  const { bucket, key, uploadId, plan, expiresIn } = upload;
  try {
    return await services.ledger.add(
      {
        bucket,
        key,
        method: 'PUT',
        expiresInSeconds: expiresIn,
        effectiveExpiresAt: presigned.effectiveExpiresAt.getTime(),
        createdAt: Date.now(),
        profile: services.connection.profile,
        limitedByCredentials: presigned.effectiveExpiresAt.getTime() < presigned.urlExpiresAt.getTime(),
        kind: 'multipart',
        uploadId,
        partCount: plan.partCount,
        partSize: plan.partSize,
        size: plan.size,
      },
      largeUploadSecret(presigned.parts, presigned.completeUrl),
    );
  } catch (error) {
    const gateway = await services.connection.gateway();
    await gateway.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
    throw error;
  }
}

async function showStarted(record: LinkRecord, texts: Record<ScriptKind, string>, presigned: PresignedMultipart): Promise<void> {
  const other: ScriptKind = preferredScript() === 'bash' ? 'powershell' : 'bash';
  const copy = vscode.l10n.t('Copy Script');
  const openOther = other === 'bash' ? vscode.l10n.t('Open bash Script') : vscode.l10n.t('Open PowerShell Script');
  const why = record.limitedByCredentials ? ` ${vscode.l10n.t('(when your temporary credentials end)')}` : '';
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Upload to s3://{0}/{1} started: {2} part URLs, working {3}{4}. Run the script with the file; if you do not, abort the upload in Show Active Links, or S3 keeps its parts.',
      record.bucket,
      record.key,
      record.partCount ?? 0,
      formatExpiryNotice(presigned.effectiveExpiresAt, new Date()),
      why,
    ),
    copy,
    openOther,
  );
  if (choice === copy) {
    await vscode.env.clipboard.writeText(texts[preferredScript()]);
  } else if (choice === openOther) {
    await openScript(texts[other], other);
  }
}

/** "Open Script" in Show Active Links: the scripts again, from the stored URLs. */
export async function openLargeUploadScript(services: PresignServices, record: LinkRecord): Promise<void> {
  const urls = parseLargeUploadSecret(await services.ledger.url(record.id));
  if (!urls || record.partSize === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The part URLs of this upload are no longer stored. Regenerate them.'));
    return;
  }
  const texts = scripts(scriptInput(record, record.partSize, urls, new Date(record.effectiveExpiresAt)));
  await openScript(texts[preferredScript()], preferredScript());
}

/**
 * New part URLs for the same upload (parts already uploaded stay), with the same lifetime; the old
 * record is replaced. Resolves to the new URLs and scripts, or `undefined` on failure.
 */
export async function regenerateLargeUpload(services: PresignServices, record: LinkRecord): Promise<LargeUploadResult | undefined> {
  const { connection, log, ledger } = services;
  const { bucket, key, uploadId, partCount, partSize, size } = record;
  if (uploadId === undefined || partCount === undefined || partSize === undefined) {
    return undefined;
  }
  try {
    const gateway = await connection.gateway();
    const presigned = await gateway.presignMultipart({ bucket, key, uploadId, partCount, expiresIn: record.expiresInSeconds });
    const renewed = await recordUpload(services, { bucket, key, uploadId, plan: { size: size ?? partSize * partCount, partSize, partCount }, expiresIn: record.expiresInSeconds }, presigned);
    await ledger.forget(record.id);
    const texts = scripts(scriptInput(renewed, partSize, { parts: presigned.parts.map((part) => part.url), completeUrl: presigned.completeUrl }, presigned.effectiveExpiresAt));
    await openScript(texts[preferredScript()], preferredScript());
    void vscode.window.showInformationMessage(
      vscode.l10n.t('New part URLs for s3://{0}/{1}, working {2}.', bucket, key, formatExpiryNotice(presigned.effectiveExpiresAt, new Date())),
    );
    return { uploadId, partSize, parts: presigned.parts, completeUrl: presigned.completeUrl, ...texts };
  } catch (error) {
    log.error(`Could not regenerate the part URLs of s3://${bucket}/${key}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket }));
    return undefined;
  }
}

/** "Abort" in Show Active Links: AbortMultipartUpload (S3 deletes the parts), then the record goes. */
export async function abortLargeUpload(services: PresignServices, record: LinkRecord): Promise<boolean> {
  const { connection, log, ledger } = services;
  const { bucket, key, uploadId } = record;
  if (uploadId === undefined) {
    return false;
  }
  try {
    const gateway = await connection.gateway();
    const aborted = await gateway.abortMultipartUpload(bucket, key, uploadId);
    await ledger.forget(record.id);
    void vscode.window.showInformationMessage(
      aborted
        ? vscode.l10n.t('Upload to s3://{0}/{1} aborted: its part URLs no longer work and S3 deleted its parts.', bucket, key)
        : vscode.l10n.t('S3 no longer has the upload to s3://{0}/{1}: it was completed or aborted already. Removed from the list.', bucket, key),
    );
    log.info(`Aborted the large upload ${uploadId} to s3://${bucket}/${key}${aborted ? '' : ' (already gone)'}.`);
    return true;
  } catch (error) {
    log.error(`Could not abort the upload ${uploadId} to s3://${bucket}/${key}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket }));
    return false;
  }
}
