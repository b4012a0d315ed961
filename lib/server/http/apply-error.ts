import "server-only";
import type { FieldError } from "@/lib/errors";
import { BadRequestError, ValidationError } from "@/lib/errors";

/** One document of a rejected multi-document body, with its own field errors. */
export interface RejectedDocument {
  readonly index: number;
  readonly line?: number;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly errors: readonly FieldError[];
}

/** Field errors of every document, with `[index]` in front of each path (the ClusterBackend.apply convention). */
export function flattenDocumentErrors(documents: readonly RejectedDocument[]): FieldError[] {
  return documents.flatMap((d) =>
    d.errors.map((e) => ({ path: `[${d.index}]${e.path === "" || e.path.startsWith("[") ? "" : "."}${e.path}`, message: e.message })),
  );
}

/**
 * A multi-document apply rejected whole (422): `errors` carries every field error with the
 * document index in front of its path (`[2].spec.order`), and `documents` the same errors
 * grouped per document so the UI can list them.
 */
export class ApplyRejectedError extends ValidationError {
  constructor(
    message: string,
    readonly documents: readonly RejectedDocument[],
  ) {
    super(message, flattenDocumentErrors(documents));
  }
}

/** A body that is not well-formed YAML/JSON (400), with the syntax errors per document. */
export class DocumentSyntaxError extends BadRequestError {
  readonly errors: readonly FieldError[];
  constructor(
    message: string,
    readonly documents: readonly RejectedDocument[],
  ) {
    super(message);
    this.errors = flattenDocumentErrors(documents);
  }
}
