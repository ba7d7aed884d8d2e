import { analyticsRouter } from "@quire/analytics-api";
import { createNextTRPCHandler } from "@quire/trpc/next";

import { createContext } from "~/server/runtime";

const handler = createNextTRPCHandler({ router: analyticsRouter, createContext });

export { handler as GET, handler as POST };
