import { LoginForm } from "@quire/ui";

export const metadata = { title: "Log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; next?: string; loggedOut?: string }>;
}) {
  const { error, next, loggedOut } = await searchParams;
  return <LoginForm error={error} next={next} loggedOut={loggedOut === "1"} />;
}
