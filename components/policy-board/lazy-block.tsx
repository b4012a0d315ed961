"use client";
import type { ReactNode } from "react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

/** How far outside the viewport blocks stay rendered (px), so scrolling never shows a gap. */
const MARGIN_PX = 300;

/**
 * Renders `children` only while the block is within MARGIN_PX of the viewport; elsewhere an
 * empty box of the height it last had (or `estimate`) keeps the scroll position honest. This
 * is the board's virtualisation for very large boards: a 5,000-policy board keeps about a
 * screenful of lanes and cards in the DOM. With `enabled` false it renders children as they are.
 */
export function LazyBlock(props: { readonly enabled: boolean; readonly estimate: number; readonly className?: string; readonly children: ReactNode }) {
  const { enabled } = props;
  const ref = useRef<HTMLDivElement>(null);
  const height = useRef<number | undefined>(undefined);
  const [near, setNear] = useState(!enabled);

  useEffect(() => {
    const el = ref.current;
    if (!enabled || el === null || typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      if (e !== undefined) setNear(e.isIntersecting);
    }, { rootMargin: `${MARGIN_PX}px 0px` });
    io.observe(el);
    return () => io.disconnect();
  }, [enabled]);

  // Remember the rendered height, so the placeholder takes the same room once hidden.
  useLayoutEffect(() => {
    if (near && ref.current !== null) height.current = ref.current.offsetHeight;
  });

  if (!enabled || near) {
    return enabled ? (
      <div ref={ref} className={props.className} role="none">
        {props.children}
      </div>
    ) : (
      <>{props.children}</>
    );
  }
  return <div ref={ref} className={props.className} role="none" style={{ height: height.current ?? props.estimate }} />;
}
