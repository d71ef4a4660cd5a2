/**
 * An exception thrown by a user plugin's own code (its create, aggregate, select, craft or load):
 * the config was valid but the plugin's code failed. It is not a user error of the config: the
 * CLI reports it as an internal error in the plugin, one line naming the plugin and the hook, with
 * the plugin's stack trace (the error's cause) in the log file.
 */
export class PluginCodeError extends Error {
  constructor(where: string, hook: string, cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`${where} threw in ${hook}(): ${what}`, { cause });
    this.name = 'PluginCodeError';
  }
}

/** Calls a plugin's hook; what it throws (or its promise rejects with) becomes a PluginCodeError naming the plugin. */
export function callPlugin<T>(where: string, hook: string, call: () => T): T {
  let out: T;
  try {
    out = call();
  } catch (e) {
    throw new PluginCodeError(where, hook, e);
  }
  if (out instanceof Promise) {
    return out.catch((e: unknown) => {
      throw new PluginCodeError(where, hook, e);
    }) as T;
  }
  return out;
}
