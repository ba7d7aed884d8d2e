"use client";

import type { BlogRouter } from "@quire/blog-api/client";
import { createTRPCReact } from "@quire/trpc/react";

export const { TRPCReactProvider, useTRPC, useTRPCClient } = createTRPCReact<BlogRouter>();
