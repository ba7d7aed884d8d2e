import { runtime } from "~/server/runtime";

export async function POST(request: Request) {
  return (await runtime.getAuth()).login(request);
}
