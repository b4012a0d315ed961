import "server-only";

/**
 * The one structured server logger: one JSON object per line on stdout (info) or stderr
 * (warn/error), so log collectors can parse it and nothing in lib/ writes to the console.
 * Never pass secrets (passwords, session tokens, bearer tokens) in `fields`.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogFields = Readonly<Record<string, unknown>>;

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

function minLevel(): LogLevel {
  const raw = process.env.PALISADE_LOG_LEVEL;
  return raw === "debug" || raw === "info" || raw === "warn" || raw === "error" ? raw : "info";
}

/** Turns an Error (and its cause chain) into plain JSON-safe fields. */
export function toErrorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const out: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
    if (error.cause !== undefined) out.cause = toErrorFields(error.cause);
    return out;
  }
  return { value: String(error) };
}

function write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
  if (LEVEL_RANK[level] < LEVEL_RANK[minLevel()]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "warn" || level === "error") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

/** The server logger. */
export const log = {
  debug: (msg: string, fields?: LogFields): void => write("debug", msg, fields),
  info: (msg: string, fields?: LogFields): void => write("info", msg, fields),
  warn: (msg: string, fields?: LogFields): void => write("warn", msg, fields),
  error: (msg: string, fields?: LogFields): void => write("error", msg, fields),
};
