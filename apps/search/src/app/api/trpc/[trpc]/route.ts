import { searchRouter } from "@quire/search-api";
import { createNextTRPCHandler } from "@quire/trpc/next";

import { createContext } from "~/server/runtime";

const handler = createNextTRPCHandler({ router: searchRouter, createContext });

export { handler as GET, handler as POST };
