import { createTransport, type Transporter } from 'nodemailer';

/** E-mail notices through SMTP with nodemailer (issue 22); `SMTP_URL` e.g. smtp://user:pass@host:587. */
export class SmtpMailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs = 20_000,
  ) {
    // Bounded waits: a silent server must not hold a notice's lease.
    this.transport = createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  }

  async send(to: string, subject: string, text: string): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to, subject, text });
    } catch (e) {
      // nodemailer's message may quote the recipient; keep its code and the server's reply code only.
      const err = e as { code?: string; responseCode?: number };
      throw new Error(`SMTP delivery failed${err.code ? ` (${err.code}${err.responseCode ? ` ${err.responseCode}` : ''})` : ''}`);
    }
  }

  close(): void {
    this.transport.close();
  }
}
