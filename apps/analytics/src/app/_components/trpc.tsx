"use client";

import type { AnalyticsRouter } from "@quire/analytics-api/client";
import { createTRPCReact } from "@quire/trpc/react";

export const { TRPCReactProvider, useTRPC, useTRPCClient } = createTRPCReact<AnalyticsRouter>();
