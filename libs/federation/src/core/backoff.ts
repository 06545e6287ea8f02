/** Seconds before the next delivery attempt after `attempts` failures: 1, 2, 4 … capped at `capSeconds`. */
export function backoffSeconds(attempts: number, capSeconds = 60): number {
  if (attempts <= 0) return 0;
  return Math.min(capSeconds, 2 ** Math.min(attempts - 1, 30));
}
