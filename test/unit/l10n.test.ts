// Localisable (issue 7): every user-facing string of src/ goes through `vscode.l10n.t` (or `l10n.t` of
// @vscode/l10n in pure modules), and l10n/bundle.l10n.json — what translators start from — holds
// exactly the strings of the code. Regenerate it with `npm run l10n`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../..');
const srcDir = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Calls whose arguments are shown to the user. */
const SHOWN_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage']);
/** Object properties and assignments whose value is shown to the user. */
const SHOWN_PROPERTIES = new Set([
  'label', 'description', 'detail', 'title', 'placeholder', 'placeHolder', 'prompt', 'tooltip', 'validationMessage',
  'message', 'name', 'ariaLabel',
]);

/** Text with at least two words apart by white space, once codicons (`$(link)`) are removed. */
function looksLikeProse(text: string): boolean {
  return !NOT_TRANSLATED.has(text) && /[A-Za-z]{2,}[,.:;!?'’]?\s+[A-Za-z]{2,}/.test(text.replace(/\$\([\w~-]+\)/g, ''));
}

/** Shown, but literal on purpose. */
const NOT_TRANSLATED = new Set([
  'key, size, url, expires', // the CSV header the Share Folder command writes, column names verbatim
]);

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  }
  return undefined;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    return callee.text;
  }
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** `file:line: "text" (where)` for every prose literal in a user-facing position outside l10n.t. */
function hardCodedStrings(file: string, contents = fs.readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, contents, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const report = (node: ts.Node, where: string): void => {
    const text = literalText(node);
    if (text !== undefined && looksLikeProse(text)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push(`${path.relative(root, file)}:${line}: ${JSON.stringify(text)} (${where})`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't'
      && /\bl10n$/.test(node.expression.expression.getText(source))) {
      return; // translated
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node);
      if (name && (SHOWN_CALLS.has(name) || name === 'Error' || name === 'TreeItem' || name === 'MessageNode')) {
        node.arguments?.forEach((argument) => report(argument, `${name}()`));
      }
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      node.arguments.forEach((argument) => report(argument, 'super()'));
    }
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && SHOWN_PROPERTIES.has(node.name.text)) {
      report(node.initializer, `${node.name.text}:`);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && ts.isPropertyAccessExpression(node.left) && SHOWN_PROPERTIES.has(node.left.name.text)) {
      report(node.right, `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('localisation', () => {
  const files = sourceFiles(srcDir);

  it('shows no hard-coded prose: messages, labels, titles, prompts and errors go through l10n.t', () => {
    const found = files.flatMap((file) => hardCodedStrings(file));
    assert.deepEqual(found, [], `wrap these in vscode.l10n.t (or l10n.t of @vscode/l10n):\n${found.join('\n')}`);
  });

  it('catches hard-coded prose in the positions it checks (self-test)', () => {
    const sample = [
      "vscode.window.showInformationMessage('Link copied to clipboard');",
      "vscode.window.showErrorMessage(vscode.l10n.t('Translated {0}', 'x'));",
      "const item = { label: `$(link) Copy again`, description: vscode.l10n.t('fine here') };",
      "node.tooltip = 'Some tooltip text';",
      "throw new Error('Bucket not found');",
      "const url = { placeHolder: 's3://my-bucket/prefix/' };",
    ].join('\n');
    const found = hardCodedStrings(path.join(srcDir, 'sample.ts'), sample).map((line) => line.replace(/^.*?:(\d+):/, '$1:'));
    assert.deepEqual(found, [
      '1: "Link copied to clipboard" (showInformationMessage())',
      '3: "$(link) Copy again" (label:)',
      '4: "Some tooltip text" (.tooltip =)',
      '5: "Bucket not found" (Error())',
    ]);
  });

  it('has l10n/bundle.l10n.json in step with the l10n.t strings of src/ (npm run l10n)', async function () {
    this.timeout(30_000);
    const extracted = await getL10nJson(
      files.map((file) => ({ contents: fs.readFileSync(file, 'utf8'), extension: path.extname(file) })),
    );
    const bundleFile = path.join(root, 'l10n', 'bundle.l10n.json');
    assert.ok(fs.existsSync(bundleFile), 'l10n/bundle.l10n.json is missing: run `npm run l10n`');
    const bundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8'));
    const missing = Object.keys(extracted).filter((key) => !(key in bundle));
    const stale = Object.keys(bundle).filter((key) => !(key in extracted));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'run `npm run l10n` to regenerate l10n/bundle.l10n.json');
  });

  it('keeps every manifest string of package.json in package.nls.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const shown: string[] = [];
    const collect = (value: unknown, key: string): void => {
      if (typeof value === 'string') {
        if (['title', 'name', 'description', 'markdownDescription', 'contents', 'contextualTitle'].includes(key) && !/^%[^%]+%$/.test(value)) {
          shown.push(`${key}: ${value}`);
        }
      } else if (Array.isArray(value)) {
        value.forEach((item) => collect(item, key));
      } else if (value && typeof value === 'object') {
        for (const [childKey, child] of Object.entries(value)) {
          collect(child, childKey);
        }
      }
    };
    collect(manifest.contributes, '');
    collect(manifest.description, 'description');
    // The configuration's own title is the extension's name, which is not translated.
    assert.deepEqual(shown.filter((entry) => entry !== 'title: S3 Presign'), []);
  });
});
