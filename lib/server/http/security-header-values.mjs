/**
 * The header values of security-headers.ts that next.config.mjs needs too, in plain JavaScript:
 * `next start` would otherwise load Next's SWC native library (~26 MB resident, kept for the life
 * of the process) only to compile a TypeScript config. Types: security-header-values.d.mts.
 * No imports, so the config loads nothing else; everything else imports these through
 * security-headers.ts.
 */

/** One year, subdomains included; no `preload` (that is a promise to a browser list, the operator's call). */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/**
 * Powerful browser features the console never uses, all turned off (Permissions-Policy,
 * structured-field syntax: an empty allowlist `()` means "no origin").
 */
export const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** Headers every answer carries, page or API. */
export const COMMON_SECURITY_HEADERS = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "same-origin"],
  ["permissions-policy", PERMISSIONS_POLICY],
  ["x-frame-options", "DENY"],
  ["cross-origin-opener-policy", "same-origin"],
];

/** The CSP of JSON answers (API, /k8s): nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
