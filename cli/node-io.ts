/**
 * The real CliIo: files through node:fs, output through the process streams. Only the binary
 * (bin/palisade.mjs) and the subprocess tests use it.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { CliIo } from "@/cli/io";

/** A CliIo bound to this process. */
export function createNodeIo(): CliIo {
  return {
    readFile: (path) => readFile(path, "utf8"),
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    // With an encoding set, the stream yields strings.
    readFileStream: (path) => createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>,
    stdoutDrained: () => (process.stdout.writableNeedDrain ? new Promise<void>((resolve) => process.stdout.once("drain", () => resolve())) : Promise.resolve()),
  };
}
