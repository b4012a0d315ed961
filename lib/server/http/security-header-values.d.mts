/** Types of security-header-values.mjs (plain JavaScript so next.config.mjs can import it). */

/** One year, subdomains included; no `preload`. */
export declare const HSTS_VALUE: string;

/** Permissions-Policy turning off every powerful feature the console never uses. */
export declare const PERMISSIONS_POLICY: string;

/** Headers every answer carries, page or API: [name, value] pairs. */
export declare const COMMON_SECURITY_HEADERS: readonly (readonly [string, string])[];

/** The CSP of JSON answers (API, /k8s): nothing may load or frame them. */
export declare const API_CSP: string;
