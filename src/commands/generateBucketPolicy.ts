import * as vscode from 'vscode';
import { MIN_PRACTICAL_SIGNATURE_AGE_MS, type PresignPolicyOptions, buildPresignPolicy } from '../core/policy/build';
import { type BucketPolicy, type PolicySize, fitPolicySize } from '../core/policy/document';
import { mergePolicy, removedGeneratorSids } from '../core/policy/merge';
import {
  DEFAULT_SIGNATURE_AGE,
  hasAnyRestriction,
  parseCidrList,
  parsePolicyArgs,
  parseSignatureAge,
  parseVpcInput,
} from '../core/policyArgs';
import type { Connection } from '../connection';
import { forgetBucketPolicy } from '../s3/bucketPolicyCache';
import { describeS3Error } from '../s3/errors';
import { showS3Error } from '../ui/errors';
import type { Log } from '../ui/log';
import { BucketNode } from '../tree/nodes';
import { pickBucket } from '../ui/pickers';
import type { ExplorerContext } from './explorerContext';
import type { PolicyDocuments } from './policyDocuments';

export interface PolicyServices {
  connection: Connection;
  log: Log;
  policyDocuments: PolicyDocuments;
}

const pretty = (policy: unknown): string => `${JSON.stringify(policy, null, 2)}\n`;

/**
 * "Generate Bucket Policy for Presigned Links…" (issue 5): from a bucket item or the palette it asks the
 * maximum signature age, IP ranges, a VPC (endpoint) and whether to refuse presigned requests, offers to
 * merge with the bucket's current policy, and opens the JSON in a new editor, with "Apply to Bucket…"
 * behind a diff and a modal confirmation. With an argument object it asks nothing, reads nothing,
 * applies nothing, and resolves to the generated policy's JSON. Resolves to `undefined` when cancelled.
 */
export async function generateBucketPolicy(services: PolicyServices, explorer: ExplorerContext, arg: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('Generate Bucket Policy for Presigned Links');
  if (arg !== undefined && !(arg instanceof BucketNode)) {
    const parsed = parsePolicyArgs(arg);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', title, parsed.message));
      return undefined;
    }
    if (parsed.args.apply) {
      // Changing who may reach a bucket is never done without a person confirming the difference.
      services.log.warn(`Generate Bucket Policy: "apply" is ignored for automation calls; apply s3://${parsed.args.bucket}'s policy from the command.`);
    }
    return pretty(buildPresignPolicy(parsed.args.bucket, parsed.args.options));
  }
  const bucket =
    arg instanceof BucketNode
      ? arg.bucket
      : await pickBucket(services.connection, explorer.knownBuckets(), explorer.selection()?.bucket, title);
  if (bucket === undefined) {
    return undefined;
  }
  const options = await askOptions(title, bucket);
  if (!options) {
    return undefined;
  }
  const generated = buildPresignPolicy(bucket, options);
  const current = await readCurrentPolicy(services, bucket);
  if (current === null) {
    return undefined;
  }
  let policy: BucketPolicy = generated;
  if (current !== undefined) {
    const merge = vscode.l10n.t('Merge with the Current Policy');
    const alone = vscode.l10n.t('Show the New Statements Only');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('s3://{0} already has a bucket policy. Merge the new statements into it?', bucket),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Merging keeps its other statements, replaces earlier statements of this generator and removes those you did not choose this time.',
        ),
      },
      merge,
      alone,
    );
    if (choice === undefined) {
      return undefined;
    }
    if (choice === merge) {
      const merged = mergePolicy(current, generated);
      if (merged.ok) {
        policy = merged.policy;
      } else {
        void vscode.window.showWarningMessage(merged.message);
      }
    }
  }
  const text = pretty(policy);
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
  await vscode.window.showTextDocument(document, { preview: false });
  void offerApply(services, bucket, document, current);
  return text;
}

/** Asks the four restrictions; `undefined` when cancelled or nothing was chosen. */
async function askOptions(title: string, bucket: string): Promise<PresignPolicyOptions | undefined> {
  const ageText = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Refuse presigned links to s3://{0} whose signature is older than (e.g. 10m, 1h; empty: no limit)', bucket),
    value: DEFAULT_SIGNATURE_AGE,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const age = parseSignatureAge(value);
      if (!age.ok) {
        return age.message;
      }
      if (age.value !== undefined && age.value < MIN_PRACTICAL_SIGNATURE_AGE_MS) {
        return {
          message: vscode.l10n.t('Under a minute, ordinary clock skew makes fresh links fail.'),
          severity: vscode.InputBoxValidationSeverity.Warning,
        };
      }
      return undefined;
    },
  });
  if (ageText === undefined) {
    return undefined;
  }
  const cidrText = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Only accept presigned requests from these IP ranges, comma-separated (IPv4 or IPv6; empty: any)'),
    placeHolder: '203.0.113.0/24, 2001:db8::/32',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const cidrs = parseCidrList(value);
      return cidrs.ok ? undefined : cidrs.message;
    },
  });
  if (cidrText === undefined) {
    return undefined;
  }
  const vpcText = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('…or through this VPC endpoint (vpce-…) or from this VPC (vpc-…) (empty: none)'),
    placeHolder: 'vpce-0a1b2c3d4e5f67890',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const vpc = parseVpcInput(value);
      return vpc.ok ? undefined : vpc.message;
    },
  });
  if (vpcText === undefined) {
    return undefined;
  }
  interface Choice extends vscode.QuickPickItem {
    deny: boolean;
  }
  const deny = await vscode.window.showQuickPick<Choice>(
    [
      { label: vscode.l10n.t('Allow presigned links within these limits'), deny: false },
      {
        label: vscode.l10n.t('Refuse presigned requests entirely'),
        detail: vscode.l10n.t('Every presigned URL for this bucket stops working, including links already shared.'),
        deny: true,
      },
    ],
    { title, placeHolder: vscode.l10n.t('Presigned requests to s3://{0}', bucket), ignoreFocusOut: true },
  );
  if (!deny) {
    return undefined;
  }
  const age = parseSignatureAge(ageText);
  const cidrs = parseCidrList(cidrText);
  const vpc = parseVpcInput(vpcText);
  const options: PresignPolicyOptions = {
    ...(age.ok && age.value !== undefined ? { maxSignatureAgeMs: age.value } : {}),
    ...(cidrs.ok && cidrs.value.length ? { allowedCidrs: cidrs.value } : {}),
    ...(vpc.ok ? vpc.value : {}),
    ...(deny.deny ? { denyPresigned: true } : {}),
  };
  if (!hasAnyRestriction(options)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to generate: no restriction was chosen.'));
    return undefined;
  }
  return options;
}

/**
 * The bucket's current policy: its text, `undefined` when it has none or it may not be read (then the
 * generated policy is shown alone), `null` when the user gave up after an error.
 */
async function readCurrentPolicy(services: PolicyServices, bucket: string): Promise<string | undefined | null> {
  try {
    const gateway = await services.connection.gateway();
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the policy of s3://{0}…', bucket) },
      () => gateway.getBucketPolicy(bucket),
    );
  } catch (error) {
    const described = describeS3Error(error, { profile: services.connection.profile, bucket });
    services.log.error(`Could not read the policy of s3://${bucket}`, error);
    if (described.kind === 'accessDenied') {
      void vscode.window.showWarningMessage(
        vscode.l10n.t("The current policy of s3://{0} could not be read ({1}); showing the new statements alone.", bucket, described.message),
      );
      return undefined;
    }
    showS3Error(described);
    return null;
  }
}

/** "Apply to Bucket…": only after the diff against the current policy and a modal confirmation. */
async function offerApply(services: PolicyServices, bucket: string, document: vscode.TextDocument, current: string | undefined): Promise<void> {
  const apply = vscode.l10n.t('Apply to Bucket…');
  let offer = vscode.window.showInformationMessage(
    vscode.l10n.t('Policy for s3://{0} opened. Review or edit it, then apply it to the bucket.', bucket),
    apply,
  );
  let next: string;
  let sized: PolicySize;
  for (;;) {
    if ((await offer) !== apply) {
      return;
    }
    next = document.getText();
    // Checked before the diff and the confirmation, so nothing is asked for a policy S3 would refuse.
    sized = checkBeforeApply(next);
    if (sized.ok) {
      break;
    }
    // Once fixed in the editor, the policy is applied from the error message itself.
    offer = vscode.window.showErrorMessage(sized.message, apply);
  }
  const left = services.policyDocuments.put(`/${bucket}/current-policy.json`, current === undefined ? '' : prettyIfJson(current));
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    document.uri,
    vscode.l10n.t('s3://{0}: current policy ↔ new policy', bucket),
  );
  const details = [
    current === undefined
      ? vscode.l10n.t('The bucket has no policy yet. The diff shows the policy that will be set.')
      : vscode.l10n.t("It replaces the bucket's current policy; the diff shows what changes."),
  ];
  const removed = current === undefined ? [] : removedGeneratorSids(current, next);
  if (removed.length) {
    details.push(vscode.l10n.t('Statements of this generator that will be removed: {0}.', removed.join(', ')));
  }
  if (sized.text !== next) {
    details.push(vscode.l10n.t("It is sent without whitespace to fit S3's 20 KB limit for bucket policies."));
  }
  const confirm = vscode.l10n.t('Apply');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Apply this policy to s3://{0}?', bucket),
    { modal: true, detail: details.join('\n\n') },
    confirm,
  );
  if (answer !== confirm) {
    return;
  }
  try {
    const gateway = await services.connection.gateway();
    await gateway.putBucketPolicy(bucket, sized.text);
    forgetBucketPolicy(gateway, bucket);
    services.log.info(`Applied a new bucket policy to s3://${bucket}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The policy of s3://{0} was updated.', bucket));
  } catch (error) {
    services.log.error(`Could not apply the policy of s3://${bucket}`, error);
    showS3Error(describeS3Error(error, { profile: services.connection.profile, bucket }));
  }
}

function checkBeforeApply(text: string): PolicySize {
  try {
    JSON.parse(text);
  } catch (error) {
    return { ok: false, message: vscode.l10n.t('The policy is not valid JSON: {0}', error instanceof Error ? error.message : String(error)) };
  }
  return fitPolicySize(text);
}

function prettyIfJson(text: string): string {
  try {
    return pretty(JSON.parse(text));
  } catch {
    return text;
  }
}
