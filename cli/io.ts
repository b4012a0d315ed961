/**
 * The CLI's only window on the outside world. `runCli` receives one of these, so tests drive the
 * real command code in-process with a fake (see cli/testing.ts) and the binary passes the Node one
 * (cli/node-io.ts).
 */
export interface CliIo {
  /** Reads a whole UTF-8 file; rejects (ENOENT, EACCES, EISDIR...) when it cannot. */
  readFile(path: string): Promise<string>;
  /** Writes to standard output as is (callers add the trailing newline). */
  stdout(text: string): void;
  /** Writes to standard error as is (callers add the trailing newline). */
  stderr(text: string): void;
  /**
   * Streams a UTF-8 file in pieces, for inputs of any size in bounded memory (simulate's probes).
   * Iterating rejects like readFile when the file cannot be read. Absent: readFile is used.
   */
  readFileStream?(path: string): AsyncIterable<string>;
  /** Resolves once standard output has room again (backpressure). Absent: always has room. */
  stdoutDrained?(): Promise<void>;
}

/** Exit codes of every command; documented in `palisade --help` and cli/DESIGN.md. */
export const EXIT = {
  ok: 0,
  /** The input was read but is invalid: bad documents, probes, selector syntax. */
  invalid: 1,
  /** Usage error or unreadable file: nothing was evaluated. */
  usage: 2,
  /** A bug in palisade itself (reported without a stack trace). */
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A usage problem (unknown flag, missing argument); the command prints it and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** A file that could not be read; the command prints it and exits 2. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
    this.name = "UnreadableFileError";
  }
}

/** Reads `path` through `io`, turning any rejection into an UnreadableFileError (exit 2). */
export async function readFileOrThrow(io: CliIo, path: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (e) {
    throw new UnreadableFileError(path, describeFsError(e));
  }
}

/**
 * A file's pieces through `io` (streamed when the io can, else the whole text as one piece);
 * the first piece is read before this resolves, so an unreadable file throws
 * UnreadableFileError here, and a read failure later throws it from the iteration.
 */
export async function openFileStream(io: CliIo, path: string): Promise<AsyncIterable<string>> {
  if (io.readFileStream === undefined) {
    const text = await readFileOrThrow(io, path);
    return (async function* () {
      yield text;
    })();
  }
  const iterator = io.readFileStream(path)[Symbol.asyncIterator]();
  let first: IteratorResult<string>;
  try {
    first = await iterator.next();
  } catch (e) {
    throw new UnreadableFileError(path, describeFsError(e));
  }
  return (async function* () {
    if (first.done === true) return;
    yield first.value;
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (e) {
        throw new UnreadableFileError(path, describeFsError(e));
      }
      if (next.done === true) return;
      yield next.value;
    }
  })();
}

/** `ENOENT: no such file or directory` rather than Node's message with the syscall and path. */
function describeFsError(e: unknown): string {
  if (typeof e === "object" && e !== null) {
    const code = "code" in e && typeof e.code === "string" ? e.code : undefined;
    const known: Record<string, string> = {
      ENOENT: "no such file or directory",
      EACCES: "permission denied",
      EISDIR: "is a directory",
      ENOTDIR: "not a directory",
    };
    if (code !== undefined && known[code] !== undefined) return `${code}: ${known[code]}`;
    if (e instanceof Error) return e.message;
  }
  return String(e);
}
