import { createHash } from "node:crypto";

import { images } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";

import { BlogError } from "../errors";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const TYPES = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
} as const;
export type ImageExt = keyof typeof TYPES;

/**
 * The image type from the file's first bytes, never from its name or the browser's claim.
 * SVG is refused on purpose: it can carry script.
 */
export function sniffImage(bytes: Uint8Array): ImageExt | null {
  const at = (i: number, ...sig: number[]) => sig.every((b, k) => bytes[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (at(0, 0xff, 0xd8, 0xff)) return "jpg";
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (at(4, 0x37, 0x61) || at(4, 0x39, 0x61))) return "gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "webp";
  return null;
}

/**
 * Store an uploaded image in the blog's database (deduplicated by content hash) and return the
 * URL it is served at.
 */
export async function saveImage(quire: BlogDatabase, bytes: Uint8Array, name = "") {
  if (bytes.byteLength === 0) throw new BlogError("BAD_REQUEST", "The file is empty");
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new BlogError(
      "PAYLOAD_TOO_LARGE",
      `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`,
    );
  }
  const ext = sniffImage(bytes);
  if (!ext)
    throw new BlogError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Only PNG, JPEG, GIF and WebP images can be uploaded",
    );
  const hash = createHash("sha256").update(bytes).digest("hex");
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await quire.writer.run((db) =>
    db
      .insert(images)
      .values({ hash, mime: TYPES[ext], size: bytes.byteLength, name: name.slice(0, 200), data })
      .onConflictDoNothing()
      .run(),
  );
  return { url: `/media/${hash}.${ext}`, hash, mime: TYPES[ext], size: bytes.byteLength };
}

/** An image by its public file name (`<sha256>.<ext>`), or undefined. */
export function getImage(
  quire: BlogDatabase,
  file: string,
): { mime: string; data: Buffer; hash: string } | undefined {
  const m = /^([a-f0-9]{64})\.(png|jpg|gif|webp)$/.exec(file);
  if (!m) return undefined;
  const row = quire.sqlite
    .prepare<[string], { mime: string; data: Buffer }>(
      "SELECT mime, data FROM images WHERE hash = ?",
    )
    .get(m[1]!);
  if (!row || row.mime !== TYPES[m[2] as ImageExt]) return undefined;
  return { ...row, hash: m[1]! };
}
