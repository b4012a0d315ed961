import type { FieldError } from "@/lib/errors";

/** The validation errors of a form, each with the field path it names; nothing when there are none. */
export function FieldErrorList(props: { readonly errors: readonly FieldError[]; readonly title?: string }) {
  if (props.errors.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-title">{props.title ?? "Fix these before saving"}</div>
      <ul>
        {props.errors.map((e, i) => (
          <li key={`${e.path}-${i}`}>
            {e.path !== "" ? <code>{e.path}</code> : null} {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
