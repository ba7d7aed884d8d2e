import { count } from "drizzle-orm";

import type { SearchDatabase } from "./index";
import { typedMetadata } from "./queries/metadata";
import { documents, indexDocuments, indexes, metadata } from "./schema";

const DEMO_DOCUMENTS = [
  [
    "sqlite-wal",
    "Write-ahead logging lets readers keep reading while one writer commits.",
    { topic: "sqlite", year: "2010" },
  ],
  [
    "sqlite-fts5",
    "FTS5 is SQLite's full-text search engine with bm25 ranking, phrases, prefixes and NEAR queries.",
    { topic: "search", year: "2015" },
  ],
  [
    "group-commit",
    "Group commit batches many small writes into one transaction to share the cost of a sync.",
    { topic: "sqlite", year: "2019" },
  ],
  [
    "closure-tables",
    "A closure table stores every ancestor-descendant pair of a tree, so subtree queries are one join.",
    { topic: "trees", year: "2017" },
  ],
  [
    "bitmap-tags",
    "Tagging with bitmaps turns ALL, ANY and NONE queries into bitwise AND operations.",
    { topic: "tagging", year: "2018" },
  ],
  [
    "top-n-per-group",
    "Window functions answer top-N-per-group questions such as the three newest posts of every tag.",
    { topic: "sql", year: "2019" },
  ],
  [
    "sqlcipher",
    "SQLCipher encrypts every page of a SQLite database with AES-256 and a key derived from a passphrase.",
    { topic: "security", year: "2012" },
  ],
  [
    "cookieless-analytics",
    "Cookieless analytics count visitors with a daily rotating salted hash instead of cookies.",
    { topic: "analytics", year: "2020" },
  ],
] as const;

/** Fill an empty search database with a demo index; does nothing when indexes exist. */
export async function seedDemo(quire: SearchDatabase): Promise<boolean> {
  return quire.writer.run((db) => {
    if ((db.select({ n: count() }).from(indexes).get()?.n ?? 0) > 0) return false;
    const index = db.insert(indexes).values({ name: "demo" }).returning({ id: indexes.id }).get();
    for (const [identifier, content, meta] of DEMO_DOCUMENTS) {
      const doc = db
        .insert(documents)
        .values({ identifier, content })
        .returning({ id: documents.id })
        .get();
      db.insert(indexDocuments).values({ indexId: index.id, documentId: doc.id }).run();
      for (const [key, value] of Object.entries(meta))
        db.insert(metadata)
          .values({ documentId: doc.id, key, value, ...typedMetadata(value) })
          .run();
    }
    return true;
  });
}
