import { feedResponse } from "~/server/feeds";

export const dynamic = "force-dynamic";
export const GET = () => feedResponse("atom");
