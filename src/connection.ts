import * as vscode from 'vscode';
import { Settings } from './ids';
import { resolveProfileName } from './s3/profileName';
import type { ConnectionSettings, S3Gateway } from './s3/s3Gateway';

export type GatewayFactory = (settings: ConnectionSettings) => Promise<S3Gateway>;

const CONNECTION_SETTINGS = [
  Settings.profile,
  Settings.region,
  Settings.endpoint,
  Settings.forcePathStyle,
  Settings.requestTimeout,
];

/**
 * Who we are and where S3 is, from the settings. Owns the one S3 gateway, created on first use (so
 * activation loads no SDK code) and replaced whenever a connection setting changes.
 */
export class Connection implements vscode.Disposable {
  private current: Promise<S3Gateway> | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly configListener: vscode.Disposable;

  /** Fires after the profile, region, endpoint, addressing style or request timeout changed. */
  readonly onDidChange = this.changeEmitter.event;

  /** The endpoint of the last gateway created: the setting's or the profile's `endpoint_url`. */
  private connectedEndpoint: string | undefined;
  private readonly connectEmitter = new vscode.EventEmitter<void>();
  /** Fires when a gateway was created, so `endpoint` is known. */
  readonly onDidConnect = this.connectEmitter.event;

  constructor(private readonly createGateway: GatewayFactory) {
    this.configListener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (CONNECTION_SETTINGS.some((name) => event.affectsConfiguration(`${Settings.section}.${name}`))) {
        this.reset();
      }
    });
  }

  settings(): ConnectionSettings {
    const config = vscode.workspace.getConfiguration(Settings.section);
    return {
      profile: resolveProfileName(config.get<string>(Settings.profile)),
      region: config.get<string>(Settings.region)?.trim() || undefined,
      endpoint: config.get<string>(Settings.endpoint)?.trim() || undefined,
      forcePathStyle: config.get<boolean>(Settings.forcePathStyle) ?? false,
      requestTimeout: config.get<number>(Settings.requestTimeout),
    };
  }

  get profile(): string {
    return this.settings().profile;
  }

  /** The S3-compatible endpoint in use, if not AWS; known once a gateway was created. */
  get endpoint(): string | undefined {
    return this.current ? this.connectedEndpoint : this.settings().endpoint;
  }

  gateway(): Promise<S3Gateway> {
    if (!this.current) {
      const pending = this.createGateway(this.settings());
      pending.then(
        (gateway) => {
          if (this.current === pending) {
            this.connectedEndpoint = gateway.endpoint;
            this.connectEmitter.fire();
          }
        },
        // A failed creation (unknown profile, bad endpoint) is retried on the next call.
        () => {
          if (this.current === pending) {
            this.current = undefined;
          }
        },
      );
      this.current = pending;
    }
    return this.current;
  }

  /**
   * Drops the gateway (and its cached credentials and regions) and tells listeners. Its calls in
   * flight reject at once with a cancelled error (`isCancelledError`): nothing waits on an endpoint
   * the user has just left.
   */
  reset(): void {
    const previous = this.current;
    this.current = undefined;
    this.connectedEndpoint = undefined;
    previous?.then((gateway) => gateway.dispose(), () => undefined);
    this.changeEmitter.fire();
  }

  dispose(): void {
    this.configListener.dispose();
    this.changeEmitter.dispose();
    this.connectEmitter.dispose();
    this.current?.then((gateway) => gateway.dispose(), () => undefined);
    this.current = undefined;
  }
}
