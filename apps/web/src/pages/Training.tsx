import { useState } from 'react';
import { api, PathwayDefinition, Text } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Answers, TriageForm } from '../components/TriageForm';
import { useT } from '../i18n';
import { Loaded, useLoad } from '../components/useLoad';

interface Vignette {
  index: number;
  name: string;
  facts: Array<{ questionId: string; label: Text; value: number | boolean | string; valueLabel?: Text }>;
}
interface Feedback {
  index: number;
  correct: boolean;
  expected: string;
  got?: string;
  reasons?: Array<{ ruleId: string; text: Text }>;
}

/**
 * The nurse's training mode (issue 19): the pathway's test cases as patients to triage, one at a time,
 * with immediate feedback against the expected category. Nothing here creates a case; the attempt is
 * graded on the server, and a pass over the region's mark records her as trained.
 */
export function Training({ pathwayKey }: { pathwayKey: string }) {
  const { t, pick } = useT();
  const load = useLoad(
    () =>
      Promise.all([
        api<{ version: number; passShare: number; vignettes: Vignette[] }>('GET', `/pathways/${encodeURIComponent(pathwayKey)}/training`),
        api<PathwayDefinition>('GET', `/pathways/${encodeURIComponent(pathwayKey)}`),
      ]),
    [pathwayKey],
  );
  const [current, setCurrent] = useState(0);
  const [answers, setAnswers] = useState<Record<number, Answers>>({});
  const [feedback, setFeedback] = useState<Record<number, Feedback>>({});
  const [result, setResult] = useState<{ score: number; passed: boolean; passShare: number } | null>(null);
  const [error, setError] = useState<unknown>(null);

  return (
    <section className="card" data-testid="training">
      <h2>{t('trainingTitle')}</h2>
      <Loaded load={load} failed="loadFailed_form">
        {([training, definition]) => {
          const v = training.vignettes[current];
          const label = (key: string) => pick(definition.categories.find((c) => c.key === key)?.label) || key;
          const check = async () => {
            setError(null);
            try {
              const f = await api<Feedback>('POST', `/pathways/${encodeURIComponent(pathwayKey)}/training/check`, { index: v.index, answers: answers[v.index] ?? {} });
              setFeedback({ ...feedback, [v.index]: f });
            } catch (e) {
              setError(e);
            }
          };
          const finish = async () => {
            setError(null);
            try {
              const results = training.vignettes.map((x) => ({ index: x.index, answers: answers[x.index] ?? {} }));
              setResult(await api('POST', `/pathways/${encodeURIComponent(pathwayKey)}/training/attempts`, { version: training.version, results }));
            } catch (e) {
              setError(e);
            }
          };
          if (!v) return <p>{t('noCases')}</p>;
          const f = feedback[v.index];
          return (
            <>
              <p className="muted">
                {pick(definition.title)} · {t('trainingVignette')} {current + 1} / {training.vignettes.length} · {t('trainingPassMark')}{' '}
                {Math.round(training.passShare * 100)} %
              </p>
              <h3>{v.name}</h3>
              <ul data-testid="vignette-facts">
                {v.facts.map((fact) => (
                  <li key={fact.questionId}>
                    {pick(fact.label)}: <strong>{fact.valueLabel ? pick(fact.valueLabel) : typeof fact.value === 'boolean' ? t(fact.value ? 'yes' : 'no') : String(fact.value)}</strong>
                  </li>
                ))}
              </ul>
              <TriageForm definition={definition} answers={answers[v.index] ?? {}} onChange={(a) => setAnswers({ ...answers, [v.index]: a })} problems={[]} />
              <ErrorBox error={error} />
              <p className="row">
                <button onClick={check}>{t('trainingCheck')}</button>
                <button className="secondary" disabled={current === 0} onClick={() => setCurrent(current - 1)}>
                  {t('trainingPrevious')}
                </button>
                <button className="secondary" disabled={current + 1 >= training.vignettes.length} onClick={() => setCurrent(current + 1)}>
                  {t('trainingNext')}
                </button>
                <button onClick={finish}>{t('trainingFinish')}</button>
              </p>
              {f && (
                <p role="status" data-testid="vignette-feedback" className={f.correct ? 'ok' : 'warn'}>
                  {f.correct ? t('trainingRight') : t('trainingWrong')} {t('trainingExpected')}: {label(f.expected)}
                  {f.got ? ` · ${t('trainingGot')}: ${label(f.got)}` : ''}
                  {f.reasons && f.reasons.length > 0 ? ` · ${f.reasons.map((r) => pick(r.text)).join(' ')}` : ''}
                </p>
              )}
              {result && (
                <p role="status" data-testid="training-result">
                  {t(result.passed ? 'trainingPassed' : 'trainingFailed')} ({Math.round(result.score * 100)} % / {Math.round(result.passShare * 100)} %)
                  {result.passed && (
                    <>
                      {' '}
                      <a href="#/">{t('backToStart')}</a>
                    </>
                  )}
                </p>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
