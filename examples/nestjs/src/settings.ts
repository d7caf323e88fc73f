/**
 * What the example reads from its environment.
 */

/** Injection token of {@link AppSettings}. */
export const APP_SETTINGS = Symbol('APP_SETTINGS');

/** Settings of the example application. */
export interface AppSettings {
  /** Seed hosts of the cluster, `host:port[,host:port…]`. */
  hosts: string;
  /** Namespace the users live in. */
  namespace: string;
}
