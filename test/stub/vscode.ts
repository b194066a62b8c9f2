// A small `vscode` for the unit tier (issue 11): what the commands and the tree use, with real
// implementations where logic depends on them (events, settings, clipboard, storage). Prompts are
// answered by a script the test queues with `ui.answer(...)`; every message and prompt is recorded.
// test/stub/register.ts makes `require('vscode')` return this module. Only the extension-host tier
// proves the real API's behaviour.

type Listener<T> = (event: T) => unknown;

export class Disposable {
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
  }

  constructor(private callOnDispose: () => unknown) {}

  dispose(): void {
    const call = this.callOnDispose;
    this.callOnDispose = () => undefined;
    call();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener<T> = (event) => listener.call(thisArg, event);
    this.listeners.add(bound);
    const disposable = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(disposable);
    return disposable;
  };

  fire(event: T): void {
    void this.fireAndWait(event);
  }

  /** Not in the API: calls the listeners and resolves when the promises they returned settle. */
  async fireAndWait(event: T): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener(event)));
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };

  cancel(): void {
    if (!this.token.isCancellationRequested) {
      this.token.isCancellationRequested = true;
      this.emitter.fire();
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ViewColumn {
  Beside = -2,
  Active = -1,
  One = 1,
  Two = 2,
}
export enum InputBoxValidationSeverity {
  Info = 1,
  Warning = 2,
  Error = 3,
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}

  static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
  }

  static file(path: string): Uri {
    return Uri.from({ scheme: 'file', path: path.startsWith('/') ? path : `/${path}` });
  }

  static parse(value: string): Uri {
    const match = /^([^:/?#]+):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value);
    if (!match) {
      throw new Error(`Uri.parse: no scheme in "${value}"`);
    }
    const [, scheme, authority = '', path, query = '', fragment = ''] = match;
    return new Uri(scheme, decodeURIComponent(authority), decodeURIComponent(path), decodeURIComponent(query), decodeURIComponent(fragment));
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: [base.path.replace(/\/$/, ''), ...segments].join('/') });
  }

  get fsPath(): string {
    return this.path;
  }

  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return Uri.from({ scheme: this.scheme, authority: this.authority, path: this.path, query: this.query, fragment: this.fragment, ...change });
  }

  toString(skipEncoding = false): string {
    const encode = skipEncoding ? (text: string) => text : (text: string) => encodeURIComponent(text).replace(/%2F/g, '/');
    const authority = this.authority || this.scheme === 'file' ? `//${encode(this.authority)}` : '';
    return `${this.scheme}:${authority}${encode(this.path)}${this.query ? `?${encode(this.query)}` : ''}${this.fragment ? `#${encode(this.fragment)}` : ''}`;
  }
}

export class MarkdownString {
  constructor(public value = '') {}

  appendText(text: string): MarkdownString {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }

  appendMarkdown(markdown: string): MarkdownString {
    this.value += markdown;
    return this;
  }
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string | MarkdownString;
  contextValue?: string;
  iconPath?: ThemeIcon;
  resourceUri?: Uri;
  command?: { command: string; title: string; arguments?: unknown[] };

  constructor(
    public label: string | { label: string },
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

function format(message: string, args: unknown[]): string {
  const named = args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>) : undefined;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = named ? named[name] : args[Number(name)];
    return value === undefined ? whole : String(value);
  });
}

export const l10n = {
  bundle: undefined,
  t: (message: string | { message: string; args?: unknown[] }, ...args: unknown[]): string =>
    typeof message === 'string' ? format(message, args) : format(message.message, message.args ?? []),
};

// --- Storage -------------------------------------------------------------------------------------

/** `context.globalState`: an in-memory Memento. */
export class Memento {
  private readonly values = new Map<string, unknown>();

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    // A copy, as VS Code's JSON storage hands out: callers cannot change what is stored.
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : defaultValue;
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, structuredClone(value));
    }
  }

  setKeysForSync(): void {}
}

/** `context.secrets`: in memory, with `onDidChange` as VS Code fires it for every store and delete. */
export class SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changeEmitter = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changeEmitter.event;

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changeEmitter.fire({ key });
  }

  async delete(key: string): Promise<void> {
    if (this.values.delete(key)) {
      this.changeEmitter.fire({ key });
    }
  }
}

// --- The scripted user ----------------------------------------------------------------------------

/** How an item or button is chosen: its label (codicons like `$(clock)` ignored) or a predicate. */
export type Match<T> = string | ((item: T) => boolean);

/** One answer of the scripted user, consumed in order by the next prompt. */
export type Answer =
  /** Accept the matching item of a quick pick. */
  | { pick: Match<QuickPickItem> }
  /** Type into an input box (or a quick pick's filter) and press Enter; a function gets the prefilled value. */
  | { type: string | ((value: string) => string) }
  /** Press a button of a modal message or of a notification, or an item's button in a quick pick. */
  | { button: string; item?: Match<QuickPickItem> }
  /** Escape: the prompt resolves to `undefined`. */
  | { cancel: true };

export interface QuickPickItem {
  label: string;
  description?: string;
  detail?: string;
  kind?: QuickPickItemKind;
  alwaysShow?: boolean;
  buttons?: readonly { iconPath: unknown; tooltip?: string }[];
}

export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  message: string;
  modal: boolean;
  detail?: string;
  buttons: string[];
}

export interface Prompt {
  kind: 'quickPick' | 'inputBox' | 'createQuickPick' | 'message';
  title?: string;
  /** Input box: the prefilled value. */
  value?: string;
  placeHolder?: string;
  prompt?: string;
  /** Quick pick: the item labels offered when it was answered. */
  labels?: string[];
}

export interface ProgressRecord {
  title?: string;
  reports: { message?: string; increment?: number }[];
  /** What the user's "Cancel" button does. */
  cancel(): void;
}

const plain = (label: string): string => label.replace(/\$\([\w~-]+\)\s*/g, '').trim();

function matches<T extends { label: string }>(match: Match<T>, item: T): boolean {
  return typeof match === 'function' ? match(item) : plain(item.label) === plain(match);
}

class ScriptedUser {
  private answers: Answer[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private problems: string[] = [];

  readonly messages: ShownMessage[] = [];
  readonly prompts: Prompt[] = [];
  readonly documents: { languageId: string; content: string }[] = [];
  readonly progress: ProgressRecord[] = [];
  readonly executed: { command: string; args: unknown[] }[] = [];
  readonly opened: string[] = [];
  readonly logLines: string[] = [];
  readonly contextKeys = new Map<string, unknown>();
  /** What `languages.getLanguages` answers; VS Code itself has no `csv`. */
  languages = ['plaintext', 'markdown', 'json'];
  clipboard = '';
  /** The quick pick from `createQuickPick` on screen, if any. */
  quickPick: { readonly items: readonly QuickPickItem[]; hide(): void } | undefined;

  private readonly progressEmitter = new EventEmitter<{ record: ProgressRecord; report: { message?: string } }>();
  /** Fires for every `progress.report`; a test cancels from here. */
  readonly onDidReportProgress = this.progressEmitter.event;

  readonly clipboardEmitter = new EventEmitter<string>();

  /** The next text written to the clipboard (e.g. by a notification's button, which nobody awaits). */
  nextClipboardWrite(): Promise<string> {
    return new Promise((resolve) => {
      const subscription = this.clipboardEmitter.event((text) => {
        subscription.dispose();
        resolve(text);
      });
    });
  }

  /** Queues answers, consumed in order by the prompts the code shows. */
  answer(...answers: Answer[]): void {
    this.answers.push(...answers);
  }

  /** The next answer, or an error naming the prompt that found none (never a hang). */
  take(what: string): Answer {
    const next = this.answers.shift();
    if (!next) {
      const problem = `No answer queued for ${what}`;
      this.problems.push(problem);
      throw new Error(problem);
    }
    return next;
  }

  refuse(what: string, answer: Answer): never {
    const problem = `Answer ${JSON.stringify(answer)} does not fit ${what}`;
    this.problems.push(problem);
    throw new Error(problem);
  }

  /** Whether the next answer presses one of `buttons` (a notification is otherwise dismissed). */
  nextPresses(buttons: string[]): boolean {
    const next = this.answers[0];
    return next !== undefined && 'button' in next && next.item === undefined && buttons.includes(next.button);
  }

  hasAnswers(): boolean {
    return this.answers.length > 0;
  }

  /** Tracks the work an answer started (event handlers), for `settled`. */
  track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
  }

  /** Resolves when everything the answers set off (e.g. a quick pick's button handler) is done. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all(this.pending);
    }
  }

  reportProgress(record: ProgressRecord, report: { message?: string }): void {
    record.reports.push(report);
    this.progressEmitter.fire({ record, report });
  }

  messagesOf(severity: ShownMessage['severity']): string[] {
    return this.messages.filter((shown) => shown.severity === severity).map((shown) => shown.message);
  }

  /**
   * Forgets everything between tests. Throws when the last test left answers unused or a prompt
   * unanswered (an error the code may have caught), so a script that does not fit the flow fails.
   */
  reset(): void {
    const leftovers = [...this.problems, ...this.answers.map((answer) => `Unused answer ${JSON.stringify(answer)}`)];
    this.answers = [];
    this.problems = [];
    this.pending.clear();
    for (const list of [this.messages, this.prompts, this.documents, this.progress, this.executed, this.opened, this.logLines]) {
      list.length = 0;
    }
    this.contextKeys.clear();
    this.languages = ['plaintext', 'markdown', 'json'];
    this.clipboard = '';
    this.quickPick = undefined;
    this.progressEmitter.dispose();
    this.clipboardEmitter.dispose();
    configuration.clear();
    commandHandlers.clear();
    if (leftovers.length > 0) {
      throw new Error(`The scripted user did not fit the flow:\n${leftovers.join('\n')}`);
    }
  }
}

export const ui = new ScriptedUser();

// --- workspace ------------------------------------------------------------------------------------

class Configuration {
  private readonly values = new Map<string, unknown>();
  readonly changeEmitter = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

  section(section = ''): {
    get<T>(key: string, defaultValue?: T): T | undefined;
    has(key: string): boolean;
    update(key: string, value: unknown, target?: ConfigurationTarget): Promise<void>;
  } {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get: <T>(key: string, defaultValue?: T) => (this.values.has(full(key)) ? (this.values.get(full(key)) as T) : defaultValue),
      has: (key) => this.values.has(full(key)),
      update: async (key, value) => {
        const name = full(key);
        if (value === undefined) {
          this.values.delete(name);
        } else {
          this.values.set(name, value);
        }
        await this.changeEmitter.fireAndWait({
          affectsConfiguration: (asked) => name === asked || name.startsWith(`${asked}.`),
        });
      },
    };
  }

  clear(): void {
    this.values.clear();
    this.changeEmitter.dispose();
  }
}

const configuration = new Configuration();

export const workspace = {
  getConfiguration: (section?: string) => configuration.section(section),
  onDidChangeConfiguration: configuration.changeEmitter.event,
  openTextDocument: async (options: { language?: string; content?: string }) => {
    const document = { languageId: options.language ?? 'plaintext', content: options.content ?? '' };
    return { ...document, getText: () => document.content, uri: Uri.from({ scheme: 'untitled', path: `Untitled-${ui.documents.length + 1}` }) };
  },
};

// --- window ---------------------------------------------------------------------------------------

type MessageItem = string | { title: string };

function showMessage(severity: ShownMessage['severity']) {
  return async (message: string, ...rest: unknown[]): Promise<MessageItem | undefined> => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as { modal?: boolean; detail?: string }) : {};
    const items = rest as MessageItem[];
    const buttons = items.map((item) => (typeof item === 'string' ? item : item.title));
    const shown: ShownMessage = { severity, message, modal: options.modal ?? false, detail: options.detail, buttons };
    ui.messages.push(shown);
    // A notification waits for no one: it is dismissed unless the script presses one of its buttons.
    if (!shown.modal && !ui.nextPresses(buttons)) {
      return undefined;
    }
    ui.prompts.push({ kind: 'message', prompt: message, labels: buttons });
    const answer = ui.take(`the ${severity} message "${message}" (${buttons.join(' / ')})`);
    if ('cancel' in answer) {
      return undefined;
    }
    const index = 'button' in answer ? buttons.indexOf(answer.button) : -1;
    return index >= 0 ? items[index] : ui.refuse(`the message "${message}" (${buttons.join(' / ')})`, answer);
  };
}

async function showQuickPick<T extends QuickPickItem>(
  items: readonly T[] | PromiseLike<readonly T[]>,
  options: { title?: string; placeHolder?: string } = {},
): Promise<T | undefined> {
  const offered = (await items).filter((item) => item.kind !== QuickPickItemKind.Separator);
  const labels = offered.map((item) => item.label);
  ui.prompts.push({ kind: 'quickPick', title: options.title, placeHolder: options.placeHolder, labels });
  const what = `the quick pick "${options.title ?? options.placeHolder ?? ''}" (${labels.join(' / ')})`;
  const answer = ui.take(what);
  if ('cancel' in answer) {
    return undefined;
  }
  const match = 'pick' in answer ? answer.pick : undefined;
  const picked = match === undefined ? undefined : offered.find((item) => matches(match, item));
  return picked ?? ui.refuse(what, answer);
}

interface InputBoxOptions {
  title?: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  validateInput?(value: string): unknown;
}

async function showInputBox(options: InputBoxOptions = {}): Promise<string | undefined> {
  ui.prompts.push({ kind: 'inputBox', title: options.title, prompt: options.prompt, value: options.value ?? '', placeHolder: options.placeHolder });
  const what = `the input box "${options.title ?? ''}: ${options.prompt ?? ''}"`;
  const answer = ui.take(what);
  if ('cancel' in answer) {
    return undefined;
  }
  if (!('type' in answer)) {
    return ui.refuse(what, answer);
  }
  const value = typeof answer.type === 'function' ? answer.type(options.value ?? '') : answer.type;
  // VS Code keeps the box open while validation reports an error: the scripted user typed wrong.
  const validation = (await options.validateInput?.(value)) as string | { message: string; severity: InputBoxValidationSeverity } | undefined;
  const refusal = typeof validation === 'string' ? validation : validation?.severity === InputBoxValidationSeverity.Error ? validation.message : undefined;
  return refusal ? ui.refuse(`${what}, which refuses it: ${refusal}`, answer) : value;
}

/** `window.createQuickPick`: answered after `show()` once it is no longer busy, one answer at a time. */
class QuickPick<T extends QuickPickItem> {
  title?: string;
  placeholder?: string;
  items: readonly T[] = [];
  selectedItems: readonly T[] = [];
  activeItems: readonly T[] = [];
  value = '';
  matchOnDescription = false;
  ignoreFocusOut = false;
  visible = false;
  private busyFlag = false;
  private prompt: Prompt = { kind: 'createQuickPick' };
  private readonly idle = new EventEmitter<void>();
  private readonly accept = new EventEmitter<void>();
  private readonly changeValue = new EventEmitter<string>();
  private readonly triggerItemButton = new EventEmitter<{ item: T; button: { iconPath: unknown; tooltip?: string } }>();
  private readonly hideEmitter = new EventEmitter<void>();
  readonly onDidAccept = this.accept.event;
  readonly onDidChangeValue = this.changeValue.event;
  readonly onDidTriggerItemButton = this.triggerItemButton.event;
  readonly onDidHide = this.hideEmitter.event;

  get busy(): boolean {
    return this.busyFlag;
  }

  set busy(value: boolean) {
    this.busyFlag = value;
    if (!value) {
      this.idle.fire();
    }
  }

  show(): void {
    this.visible = true;
    ui.quickPick = this;
    this.prompt = { kind: 'createQuickPick', title: this.title, placeHolder: this.placeholder };
    ui.prompts.push(this.prompt);
    ui.track(this.answerNext(true));
  }

  hide(): void {
    if (this.visible) {
      this.visible = false;
      if (ui.quickPick === this) {
        ui.quickPick = undefined;
      }
      this.hideEmitter.fire();
    }
  }

  dispose(): void {
    this.hide();
  }

  private async answerNext(required: boolean): Promise<void> {
    // Like a user, the script answers what is on screen once the list finished loading.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.busy) {
      await new Promise<void>((resolve) => this.idle.event(() => resolve()));
    }
    const offered = this.items.filter((item) => item.kind !== QuickPickItemKind.Separator);
    const what = `the quick pick "${this.title ?? ''}" (${offered.map((item) => item.label).join(' / ')})`;
    // A picker left open after an action waits for the user: only its first answer is required.
    if (!this.visible || (!required && !ui.hasAnswers())) {
      return;
    }
    this.prompt.labels = offered.map((item) => item.label);
    const answer = ui.take(what);
    if ('cancel' in answer) {
      this.hide();
      return;
    }
    if ('type' in answer) {
      this.value = typeof answer.type === 'function' ? answer.type(this.value) : answer.type;
      await this.changeValue.fireAndWait(this.value);
      const needle = this.value.toLowerCase();
      this.selectedItems = this.items.filter((item) => item.alwaysShow || item.label.toLowerCase().includes(needle)).slice(0, 1);
      await this.accept.fireAndWait();
    } else if ('pick' in answer) {
      const picked = offered.find((item) => matches(answer.pick, item));
      this.selectedItems = picked ? [picked] : ui.refuse(what, answer);
      await this.accept.fireAndWait();
    } else {
      const match = answer.item;
      const item = offered.find((candidate) => match === undefined || matches(match, candidate));
      const button = item?.buttons?.find((candidate) => candidate.tooltip === answer.button);
      if (!item || !button) {
        return ui.refuse(what, answer);
      }
      await this.triggerItemButton.fireAndWait({ item, button });
    }
    await this.answerNext(false);
  }
}

function createOutputChannel(name: string) {
  const line = (level: string) => (message: string) => void ui.logLines.push(`[${level}] ${message}`);
  return {
    name,
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: (error: string | Error) => line('error')(String(error)),
    append: line('append'),
    appendLine: line('info'),
    clear: () => undefined,
    replace: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

export const window = {
  showInformationMessage: showMessage('information'),
  showWarningMessage: showMessage('warning'),
  showErrorMessage: showMessage('error'),
  showQuickPick,
  showInputBox,
  createQuickPick: <T extends QuickPickItem>() => new QuickPick<T>(),
  async withProgress<R>(
    options: { title?: string; cancellable?: boolean },
    task: (progress: { report(value: { message?: string }): void }, token: CancellationTokenSource['token']) => PromiseLike<R>,
  ): Promise<R> {
    const source = new CancellationTokenSource();
    const record: ProgressRecord = { title: options.title, reports: [], cancel: () => source.cancel() };
    ui.progress.push(record);
    try {
      return await task({ report: (value) => ui.reportProgress(record, value) }, source.token);
    } finally {
      source.dispose();
    }
  },
  createOutputChannel,
  createStatusBarItem: (id?: string, alignment?: StatusBarAlignment, priority?: number) => ({
    id,
    alignment,
    priority,
    name: undefined as string | undefined,
    text: '',
    tooltip: undefined as string | MarkdownString | undefined,
    command: undefined as string | undefined,
    visible: false,
    show() {
      this.visible = true;
    },
    hide() {
      this.visible = false;
    },
    dispose() {
      this.visible = false;
    },
  }),
  showTextDocument: async (document: { languageId: string; getText(): string }) => {
    ui.documents.push({ languageId: document.languageId, content: document.getText() });
    return { document };
  },
};

// --- env, languages, commands ---------------------------------------------------------------------

export const env = {
  clipboard: {
    readText: async () => ui.clipboard,
    writeText: async (text: string) => {
      ui.clipboard = text;
      ui.clipboardEmitter.fire(text);
    },
  },
  openExternal: async (target: Uri | string) => {
    ui.opened.push(String(target));
    return true;
  },
};

export const languages = {
  getLanguages: async () => [...ui.languages],
};

const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    if (commandHandlers.has(id)) {
      throw new Error(`command '${id}' already exists`);
    }
    commandHandlers.set(id, handler);
    return new Disposable(() => commandHandlers.delete(id));
  },
  async executeCommand<T>(command: string, ...args: unknown[]): Promise<T> {
    ui.executed.push({ command, args });
    if (command === 'setContext') {
      ui.contextKeys.set(args[0] as string, args[1]);
    }
    return (await commandHandlers.get(command)?.(...args)) as T;
  },
};
