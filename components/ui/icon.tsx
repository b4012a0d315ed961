/** Inline SVG icons (no icon font, no external request). Decorative: hidden from assistive tech. */
const PATHS = {
  logo: "M12 2 3 6v6c0 5 3.8 9.4 9 10 5.2-.6 9-5 9-10V6l-9-4Zm0 2.2 7 3.1V12c0 3.9-2.9 7.4-7 8-4.1-.6-7-4.1-7-8V7.3l7-3.1ZM8 9v6h2V9H8Zm3-1v8h2V8h-2Zm3 1v6h2V9h-2Z",
  workloads: "M4 4h7v7H4V4Zm9 0h7v7h-7V4ZM4 13h7v7H4v-7Zm9 0h7v7h-7v-7Z",
  board: "M3 4h18v4H3V4Zm0 6h12v4H3v-4Zm0 6h8v4H3v-4Z",
  graph: "M6 3a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm12 0a3 3 0 1 1 0 6 3 3 0 0 1 0-6ZM12 15a3 3 0 1 1 0 6 3 3 0 0 1 0-6ZM8.4 7.6l2.8 7 .9-.3-2.8-7-.9.3Zm7.2 0-.9-.3-2.8 7 .9.3 2.8-7Z",
  flows: "M3 7h13l-3-3 1.4-1.4L20.8 9l-6.4 6.4L13 14l3-3H3V7Zm18 10H8l3 3-1.4 1.4L3.2 15l6.4-6.4L11 10l-3 3h13v4Z",
  recommend: "M12 2a7 7 0 0 1 4 12.7V17a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1v-2.3A7 7 0 0 1 12 2Zm-3 18h6v2H9v-2Z",
  sets: "M4 5h16v4H4V5Zm0 5h16v4H4v-4Zm0 5h16v4H4v-4Z",
  pools: "M3 4h18v6H3V4Zm2 2v2h2V6H5Zm-2 8h18v6H3v-6Zm2 2v2h2v-2H5Zm5-10v2h9V6h-9Zm0 10v2h9v-2h-9Z",
  feeds: "M5 3a16 16 0 0 1 16 16h-3A13 13 0 0 0 5 6V3Zm0 6a10 10 0 0 1 10 10h-3a7 7 0 0 0-7-7V9Zm1.5 7a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5Z",
  alerts: "M12 2a6 6 0 0 1 6 6v5l2 3v1H4v-1l2-3V8a6 6 0 0 1 6-6Zm-2 17h4a2 2 0 0 1-4 0Z",
  audit: "M6 2h9l5 5v15H6V2Zm8 1.5V8h4.5L14 3.5ZM8 11v2h8v-2H8Zm0 4v2h8v-2H8Z",
  resources: "M12 2 2 7l10 5 10-5-10-5Zm-10 10 10 5 10-5-2-1-8 4-8-4-2 1Zm0 5 10 5 10-5-2-1-8 4-8-4-2 1Z",
  upload: "M11 16V7.8L8.4 10.4 7 9l5-5 5 5-1.4 1.4L13 7.8V16h-2Zm-7 2h16v2H4v-2Z",
  settings:
    "M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.4-2.5 1a7.6 7.6 0 0 0-1.7-1L15 3.4h-4l-.4 2.6a7.6 7.6 0 0 0-1.7 1l-2.5-1-2 3.4L6.6 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.4 2.5-1a7.6 7.6 0 0 0 1.7 1l.4 2.6h4l.4-2.6a7.6 7.6 0 0 0 1.7-1l2.5 1 2-3.4-2.3-1.6ZM12 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Z",
  users: "M9 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8Zm0 10c4 0 7 2 7 5v1H2v-1c0-3 3-5 7-5Zm7-9.9a4 4 0 0 1 0 7.8 5.9 5.9 0 0 0 0-7.8ZM18 14.3c2.4.6 4 2.2 4 4.7v1h-4v-1c0-1.8-.7-3.4-2-4.6.7-.1 1.4-.1 2-.1Z",
  lock: "M12 2a5 5 0 0 1 5 5v3h1a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h1V7a5 5 0 0 1 5-5Zm0 2a3 3 0 0 0-3 3v3h6V7a3 3 0 0 0-3-3Z",
  logout: "M10 3h9v18h-9v-2h7V5h-7V3Zm-1.6 5.4L9.8 9.8 8.6 11H15v2H8.6l1.2 1.2-1.4 1.4L4.8 12l3.6-3.6Z",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fillRule="evenodd" />
    </svg>
  );
}
