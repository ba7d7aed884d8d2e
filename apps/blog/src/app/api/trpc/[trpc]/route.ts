import { blogRouter } from "@quire/blog-api";
import { createNextTRPCHandler } from "@quire/trpc/next";

import { createContext } from "~/server/runtime";

const handler = createNextTRPCHandler({ router: blogRouter, createContext });

export { handler as GET, handler as POST };
