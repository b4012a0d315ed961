import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Palisade", template: "%s · Palisade" },
  description: "Web console for Kubernetes network security: Calico tiers, policies, flows.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#151b26" };

export default function RootLayout({ children }: { readonly children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
