/**
 * An HTTP SMS gateway of the kind Swedish regions buy (issue 22): one POST per message, form-encoded
 * `from`, `to` and `message`, HTTP basic auth. Any 2xx is accepted; anything else is an error whose
 * message names the status (never the recipient or the text, which stay out of the logs).
 */
export interface SmsGatewaySettings {
  url: string;
  user: string | undefined;
  password: string | undefined;
  sender: string;
}

export class SmsGatewayError extends Error {}

export async function sendSms(settings: SmsGatewaySettings, to: string, message: string, signal?: AbortSignal): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (settings.user !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password ?? ''}`, 'utf8').toString('base64')}`;
  }
  let res: Response;
  try {
    res = await fetch(settings.url, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ from: settings.sender, to: normaliseSwedishMobile(to), message }).toString(),
      signal,
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new SmsGatewayError(`SMS gateway unreachable${cause ? ` (${cause})` : ''}`);
  }
  // The body is read so the connection is reused, but not quoted: a gateway may echo the number.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) {
    const refused = res.status === 401 || res.status === 403 ? ' (credentials refused)' : '';
    throw new SmsGatewayError(`SMS gateway answered ${res.status}${refused}`);
  }
}

/** 070-123 45 67 -> +46701234567; a number already in international form keeps its country. */
export function normaliseSwedishMobile(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+46${digits.slice(1)}`;
  return digits;
}
