import { expect, test } from "vitest";

import { generatePassword, hashPassword, verifyPassword } from "./password";

test("the right password verifies and a wrong one does not", async () => {
  const stored = await hashPassword("correct horse battery staple");
  expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
  expect(await verifyPassword("", stored)).toBe(false);
});

test("the hash carries scrypt and its parameters, a random salt, and never the password", async () => {
  const password = "hunter2-hunter2";
  const a = await hashPassword(password);
  const b = await hashPassword(password);
  expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  expect(a).not.toContain(password);
  expect(a).not.toContain(Buffer.from(password).toString("base64url"));
  expect(a).not.toBe(b);
  expect(await verifyPassword(password, b)).toBe(true);
});

test("Unicode passwords are compared after NFKC normalisation", async () => {
  const stored = await hashPassword("caf\u00e9");
  expect(await verifyPassword("cafe\u0301", stored)).toBe(true);
});

test("a garbage or damaged stored hash is a plain false, never an exception", async () => {
  const good = await hashPassword("pw");
  const [, , , , salt, hash] = good.split("$");
  const damaged = [
    "",
    "not a hash",
    "scrypt",
    "scrypt$$$$$",
    good.replace(/^scrypt/, "bcrypt"),
    `${good}$extra`,
    `scrypt$abc$8$1$${salt}$${hash}`, // N is not a number
    `scrypt$3$8$1$${salt}$${hash}`, // N is not a power of two
    `scrypt$-16384$8$1$${salt}$${hash}`,
    `scrypt$1073741824$8$1$${salt}$${hash}`, // over scrypt's memory limit
    `scrypt$16384$8$1$${salt}$`,
  ];
  for (const stored of damaged) {
    await expect(verifyPassword("pw", stored), stored).resolves.toBe(false);
  }
});

test("generated passwords are 4 groups of 5 unambiguous characters, different each time", () => {
  const a = generatePassword();
  expect(a).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){3}$/);
  expect(a).not.toMatch(/[01ilo]/);
  expect(generatePassword()).not.toBe(a);
});
