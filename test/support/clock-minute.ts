/** The rate limits count per clock minute: start a burst early in a minute so it does not straddle two. */
export async function earlyInAMinute(): Promise<void> {
  const s = new Date().getUTCSeconds();
  if (s > 40) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}
