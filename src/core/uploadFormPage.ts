// The upload form handed to people who have no curl: one self-contained HTML page (no external
// resources, so it works when opened from disk and leaks nothing when opened) and the same form
// as a curl command. Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { posixQuote } from './shellCommands';
import { formatByteSize, keyPrefix, orderFormFields, postSigningPlan, type UploadFormOptions } from './uploadForm';

/** The name of the file field: S3 takes the upload from whichever field carries a file. */
export const FILE_FIELD = 'file';

export interface UploadFormPage {
  /** Where the form posts (the bucket's URL). */
  url: string;
  /** Every field in the order the form sends them; the file follows. */
  fields: Record<string, string>;
  options: UploadFormOptions;
  /** When the form stops working: the policy's expiration, or the credentials' when earlier. */
  expiresAt: Date;
  /** The curl command, shown for people who prefer it. */
  curl: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** `2026-12-02 19:47:05 UTC`: the same for everyone who opens the page; the script adds local time. */
function utcText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** What S3 will accept, in words, for the person uploading. */
function limits(page: UploadFormPage): string[] {
  const { options } = page;
  const where = keyPrefix(options.target);
  const items = [
    where.fixed
      ? l10n.t('The file is stored as {0}, whatever its name.', `s3://${options.bucket}/${where.prefix}`)
      : l10n.t('The file is stored under {0} with its own name.', `s3://${options.bucket}/${where.prefix}`),
    options.maxSize === undefined
      ? l10n.t('Maximum size: 5 GB (the most S3 accepts in one upload).')
      : l10n.t('Maximum size: {0}.', formatByteSize(options.maxSize)),
  ];
  if (options.contentType?.kind === 'exact') {
    items.push(l10n.t('The file is stored with type {0}.', options.contentType.value));
  } else if (options.contentType?.kind === 'prefix') {
    items.push(l10n.t('Allowed types: starting with {0}.', options.contentType.value));
  }
  items.push(l10n.t('This form works until {0}.', utcText(page.expiresAt)));
  return items;
}

function formOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * The page. The file input comes last: S3 ignores every field after the file. The script only
 * helps (local time, size and type checked before sending, the Content-Type taken from the file);
 * without it the form still posts, and S3 enforces the same limits.
 */
export function renderUploadFormPage(page: UploadFormPage): string {
  const { options } = page;
  const typeMode = options.contentType?.kind ?? 'any';
  const origin = formOrigin(page.url);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'${origin ? `; form-action ${origin}` : ''}`;
  const inputs = Object.entries(page.fields).map(([name, value]) => {
    if (name === 'Content-Type' && typeMode === 'prefix') {
      return [
        `      <label for="content-type">${escapeHtml(l10n.t('Content-Type (must start with {0})', options.contentType?.value ?? ''))}</label>`,
        `      <input id="content-type" type="text" name="${escapeHtml(name)}" value="${escapeHtml(value)}" required>`,
      ].join('\n');
    }
    const id = name === 'Content-Type' ? ' id="content-type"' : '';
    return `      <input type="hidden"${id} name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  });
  const t = (text: string) => escapeHtml(text);
  const messages = {
    tooLarge: l10n.t('This file is larger than {0}: S3 would refuse it.', options.maxSize === undefined ? '' : formatByteSize(options.maxSize)),
    wrongType: l10n.t('Its type must start with {0}.', options.contentType?.value ?? ''),
    expired: l10n.t('This form has expired: ask for a new one.'),
    localTime: l10n.t('your time'),
    sending: l10n.t('Uploading…'),
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${t(l10n.t('Upload a file to {0}', options.bucket))}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; }
    h1 { font-size: 1.4rem; }
    ul.limits { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.75rem 0.75rem 0.75rem 2rem; }
    form { display: grid; gap: 0.75rem; margin: 1.5rem 0; }
    input[type=text] { font: inherit; padding: 0.3rem; }
    button { font: inherit; padding: 0.5rem 1rem; justify-self: start; cursor: pointer; }
    #problem { color: #b91c1c; min-height: 1.5em; margin: 0; }
    details pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fa; padding: 0.75rem; font-size: 0.8rem; }
  </style>
</head>
<body>
  <h1>${t(l10n.t('Upload a file'))}</h1>
  <ul class="limits">
${limits(page).map((item) => `    <li>${t(item)}</li>`).join('\n')}
  </ul>
  <form id="upload" method="post" action="${escapeHtml(page.url)}" enctype="multipart/form-data"
      data-max-size="${options.maxSize ?? ''}" data-expires="${page.expiresAt.getTime()}" data-type-mode="${typeMode}"
      data-type-prefix="${escapeHtml(options.contentType?.kind === 'prefix' ? options.contentType.value : '')}">
${inputs.join('\n')}
      <label for="file">${t(l10n.t('File'))}</label>
      <input id="file" type="file" name="${FILE_FIELD}" required>
      <p id="problem" role="alert"></p>
      <button id="send" type="submit">${t(l10n.t('Upload'))}</button>
  </form>
  <p>${t(l10n.t('After the upload the browser shows the storage service\'s reply: "PostResponse" with the key means it is stored; an "Error" says why it was refused.'))}</p>
  <details>
    <summary>${t(l10n.t('Upload with curl instead'))}</summary>
    <p>${t(l10n.t('Replace FILE with the path of the file:'))}</p>
    <pre>${t(page.curl)}</pre>
  </details>
  <script>
    (function () {
      var form = document.getElementById('upload');
      var file = document.getElementById('file');
      var type = document.getElementById('content-type');
      var problem = document.getElementById('problem');
      var send = document.getElementById('send');
      var maxSize = Number(form.dataset.maxSize || 0);
      var expires = Number(form.dataset.expires);
      var mode = form.dataset.typeMode;
      var prefix = form.dataset.typePrefix;
      var text = ${JSON.stringify(messages).replace(/</g, '\\u003c')};
      var until = document.querySelector('ul.limits li:last-child');
      if (until) {
        until.appendChild(document.createTextNode(' (' + text.localTime + ': ' + new Date(expires).toLocaleString() + ')'));
      }
      // Size and type block sending (S3 would refuse them); an expiry seen on a wrong clock only warns.
      function check() {
        var chosen = file.files && file.files[0];
        var blocking = '';
        if (chosen && maxSize && chosen.size > maxSize) {
          blocking = text.tooLarge;
        } else if (type && mode === 'prefix' && type.value.indexOf(prefix) !== 0) {
          blocking = text.wrongType;
        }
        problem.textContent = blocking || (Date.now() >= expires ? text.expired : '');
        send.disabled = !!blocking;
        return !blocking;
      }
      file.addEventListener('change', function () {
        var chosen = file.files && file.files[0];
        if (chosen && type && mode === 'any') {
          type.value = chosen.type || type.defaultValue;
        } else if (chosen && type && mode === 'prefix' && chosen.type.indexOf(prefix) === 0) {
          type.value = chosen.type;
        }
        check();
      });
      if (type) {
        type.addEventListener('input', check);
      }
      form.addEventListener('submit', function (event) {
        if (!check()) {
          event.preventDefault();
          return;
        }
        send.disabled = true;
        send.textContent = text.sending;
      });
      check();
      setInterval(check, 30000);
    })();
  </script>
</body>
</html>
`;
}

/**
 * The form as a curl command (`--globoff`: an IPv6 endpoint's brackets are not a pattern): `--form-string` sends each value as is (`-F` would read a value starting
 * with `@` or `<` as a file and cut it at `;type=`), in the form's order, then the file. The file name
 * is double-quoted for curl (which then takes `;` and `,` literally) inside the shell's single quotes.
 */
export function curlPostCommand(url: string, fields: Record<string, string>, file = 'FILE'): string {
  const parts = ['curl', '--fail', '--globoff'];
  for (const [name, value] of Object.entries(fields)) {
    parts.push('--form-string', posixQuote(`${name}=${value}`));
  }
  const curlQuoted = `"${file.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  parts.push('-F', posixQuote(`${FILE_FIELD}=@${curlQuoted}`), posixQuote(url));
  return parts.join(' ');
}

/** What "Create Upload Form…" hands out: where to post, the fields in order, the page, the curl command. */
export interface UploadForm {
  url: string;
  /** In the order the form sends them; the file goes last. */
  fields: Record<string, string>;
  html: string;
  curl: string;
}

/** The form from a signed policy (`url`, `fields` as signed for `postSigningPlan(options)`). */
export function assembleUploadForm(signed: { url: string; fields: Record<string, string>; expiresAt: Date }, options: UploadFormOptions): UploadForm {
  const fields = orderFormFields(signed.fields, postSigningPlan(options));
  const curl = curlPostCommand(signed.url, fields);
  const html = renderUploadFormPage({ url: signed.url, fields, options, expiresAt: signed.expiresAt, curl });
  return { url: signed.url, fields, html, curl };
}
