import { notFound } from "next/navigation";

/**
 * The 404 that src/proxy.ts rewrites unknown post and page URLs to: prerendered once, so a made-up
 * URL costs no render, no database query and no cache entry of its own.
 */
export const dynamic = "force-static";

export default function Missing() {
  notFound();
}
