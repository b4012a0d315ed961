"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import type { ReactNode } from "react";
import { createQueryClient } from "@/lib/hooks/query-client";
import { ToastProvider } from "@/components/ui/toast";

function toLogin(): void {
  // On the login page a 401 is a wrong password, shown inline; not a reason to navigate.
  if (window.location.pathname === "/login") return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/** The one QueryClient of the app (defaults in lib/hooks/query-client.ts) and the toasts. */
export function Providers({ children }: { readonly children: ReactNode }) {
  const [client] = useState(() => createQueryClient(toLogin));
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}
