import type { FieldError } from "@/lib/errors";

/** The items of a field-error list: each error with the field path it names (when it has one). */
export function FieldErrorItems(props: { readonly errors: readonly FieldError[]; readonly className?: string; readonly role?: "alert" }) {
  return (
    <ul className={props.className} role={props.role}>
      {props.errors.map((e, i) => (
        <li key={`${e.path}-${i}`}>
          {e.path !== "" ? <code>{e.path}</code> : null} {e.message}
        </li>
      ))}
    </ul>
  );
}

/** The validation errors of a form as an error notice; nothing when there are none. */
export function FieldErrorList(props: { readonly errors: readonly FieldError[]; readonly title?: string }) {
  if (props.errors.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-title">{props.title ?? "Fix these before saving"}</div>
      <FieldErrorItems errors={props.errors} />
    </div>
  );
}
