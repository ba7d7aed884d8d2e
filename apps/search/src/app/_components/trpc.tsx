"use client";

import type { SearchRouter } from "@quire/search-api/client";
import { createTRPCReact } from "@quire/trpc/react";

export const { TRPCReactProvider, useTRPC, useTRPCClient } = createTRPCReact<SearchRouter>();
