/**
 * Loading of the optional SDK peers. They are imported on demand so that
 * `@aerospike-ts/otel` itself loads with `@opentelemetry/api` alone.
 */

/** Thrown by {@link initTracing} when an optional SDK package is not installed. */
export class MissingPeerDependencyError extends Error {
  /** The package to install. */
  readonly packageName: string;

  constructor(packageName: string, cause: unknown) {
    super(
      `initTracing() needs the package "${packageName}", which is not installed. ` +
        `Install it next to @aerospike-ts/otel (npm install ${packageName}), or build your own SDK and call instrumentAerospike().`,
      { cause },
    );
    this.name = 'MissingPeerDependencyError';
    this.packageName = packageName;
  }
}

function isMissing(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string' || !message.includes(packageName)) return false;
  // Node says ERR_MODULE_NOT_FOUND for `import()`; bundlers and test runners word it their own way.
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find|failed to (load|resolve)/i.test(message);
}

/**
 * Runs `load` (an `import()` of `packageName`) and turns "not installed"
 * into a {@link MissingPeerDependencyError} naming the package.
 *
 * @internal
 */
export async function loadPeer<T>(packageName: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (isMissing(err, packageName)) throw new MissingPeerDependencyError(packageName, err);
    throw err;
  }
}
