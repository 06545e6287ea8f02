import { useT } from '../i18n';
import { navigate, useRoute } from '../router';

/** The refusals the api's OIDC callback names (libs/identity/src/oidc/refusal.ts), each with its text. */
const REASONS = [
  'state',
  'idp_refused',
  'code_rejected',
  'issuer',
  'audience',
  'expired',
  'nonce',
  'invalid_response',
  'idp_unavailable',
  'no_hsa_id',
  'unknown_hsa_id',
  'deactivated',
] as const;
type Reason = (typeof REASONS)[number];

/**
 * Where the IdP's sign-in lands when it is refused (`#/sign-in-refused?reason=<code>`, issue 18 #1):
 * what went wrong in the reader's language, that no session was opened, and the way back.
 */
export function SignInRefused() {
  const { t } = useT();
  const given = useRoute().query.get('reason') ?? '';
  const reason: Reason = (REASONS as readonly string[]).includes(given) ? (given as Reason) : 'invalid_response';
  return (
    <section className="card login" aria-labelledby="refused-title" data-testid="sign-in-refused" data-reason={reason}>
      <h1 id="refused-title">{t('signInRefused')}</h1>
      <p role="alert">{t(`refusal_${reason}`)}</p>
      <p>{t('signInRefusedNoSession')}</p>
      <p className="muted">{t('signInRefusedContact')}</p>
      <p>
        <button className="primary" type="button" onClick={() => navigate('/', { force: true })}>
          {t('signInAgain')}
        </button>
      </p>
    </section>
  );
}
