// Tests run outside Next; "server-only" would throw there, so Vitest aliases it to this empty module.
export {};
