/** For tests of a host in their own process: what the page does with the printed link, done over real HTTP. */
export async function openSession(link: string): Promise<string> {
  const url = new URL(link);
  const r = await fetch(new URL('/session', url.origin), { method: 'POST', body: JSON.stringify({ code: url.searchParams.get('token') }) });
  const body = (await r.json()) as { ok: boolean; value?: { credential: string }; error?: { message: string } };
  if (!body.ok || !body.value) throw new Error(`no session for ${link}: ${body.error?.message}`);
  return body.value.credential;
}
