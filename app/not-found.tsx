import Link from "next/link";

/** 404 for pages. */
export default function NotFound() {
  return (
    <div className="login-page">
      <div className="login-card">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link href="/workloads" className="btn btn-primary">
          Go to the console
        </Link>
      </div>
    </div>
  );
}
