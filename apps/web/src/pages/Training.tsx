import { useState } from 'react';
import { api, type PathwayDefinition, type Schemas } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { type Answers, TriageForm } from '../components/TriageForm';
import { type Key, useT } from '../i18n';
import { Loaded, useLoad } from '../components/useLoad';

/** The vignettes to triage, and for a refresher why each is asked again (issue 19: only those changed since her version). */
type TrainingSet = Schemas['TrainingVignettes'];
type Feedback = Schemas['VignetteFeedback'];

/**
 * The nurse's training mode (issue 19): the pathway's test cases as patients to triage, one at a time,
 * with immediate feedback against the expected category. Nothing here creates a case; the attempt is
 * graded on the server, and a pass over the region's mark records her as trained. A nurse trained on an
 * earlier version whose vignettes changed since gets the refresher: only those, each with why it is asked again.
 */
export function Training({ pathwayKey }: { pathwayKey: string }) {
  const { t, pick } = useT();
  const load = useLoad(
    () =>
      Promise.all([
        api<TrainingSet>('GET', `/pathways/${encodeURIComponent(pathwayKey)}/training`),
        api<PathwayDefinition>('GET', `/pathways/${encodeURIComponent(pathwayKey)}`),
      ]),
    [pathwayKey],
  );
  const [current, setCurrent] = useState(0);
  const [answers, setAnswers] = useState<Record<number, Answers>>({});
  const [feedback, setFeedback] = useState<Record<number, Feedback>>({});
  const [result, setResult] = useState<{ score: number; passed: boolean; passShare: number; mode: TrainingSet['mode'] } | null>(null);
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
              const f = await api<Feedback>('POST', `/pathways/${encodeURIComponent(pathwayKey)}/training/check`, {
                index: v.index,
                answers: answers[v.index] ?? {},
              });
              setFeedback({ ...feedback, [v.index]: f });
            } catch (e) {
              setError(e);
            }
          };
          const finish = async () => {
            setError(null);
            try {
              const results = training.vignettes.map((x) => ({ index: x.index, answers: answers[x.index] ?? {} }));
              setResult(
                await api('POST', `/pathways/${encodeURIComponent(pathwayKey)}/training/attempts`, { version: training.version, results }),
              );
            } catch (e) {
              setError(e);
            }
          };
          if (!v) return <p>{t('noCases')}</p>;
          const f = feedback[v.index];
          const change = training.changes?.find((c) => c.index === v.index);
          const questionLabel = (id: string) => pick(definition.questions.find((q) => q.id === id)?.label) || id;
          return (
            <>
              {training.mode === 'refresher' && (
                <p role="note" data-testid="refresher-intro">
                  {t('trainingRefresher')
                    .replace('{from}', String(training.trainedVersion))
                    .replace('{n}', String(training.vignettes.length))}
                </p>
              )}
              <p className="muted">
                {pick(definition.title)} · {t('trainingVignette')} {current + 1} / {training.vignettes.length} · {t('trainingPassMark')}{' '}
                {Math.round(training.passShare * 100)} %
              </p>
              <h3>{v.name}</h3>
              {change && (
                <p className="muted" data-testid="refresher-why">
                  {t('refresherWhy')}: {change.reasons.map((r) => t(`refresherReason_${r}` as Key)).join(', ')}
                  {change.questionIds.length > 0 && ` (${change.questionIds.map(questionLabel).join(', ')})`}
                </p>
              )}
              <ul data-testid="vignette-facts">
                {v.facts.map((fact) => (
                  <li key={fact.questionId}>
                    {pick(fact.label)}:{' '}
                    <strong>
                      {fact.valueLabel
                        ? pick(fact.valueLabel)
                        : typeof fact.value === 'boolean'
                          ? t(fact.value ? 'yes' : 'no')
                          : String(fact.value)}
                    </strong>
                  </li>
                ))}
              </ul>
              <TriageForm
                definition={definition}
                answers={answers[v.index] ?? {}}
                onChange={(a) => setAnswers({ ...answers, [v.index]: a })}
                problems={[]}
              />
              <ErrorBox error={error} />
              <p className="row">
                <button className="secondary" onClick={check}>
                  {t('trainingCheck')}
                </button>
                <button className="secondary" disabled={current === 0} onClick={() => setCurrent(current - 1)}>
                  {t('trainingPrevious')}
                </button>
                <button className="secondary" disabled={current + 1 >= training.vignettes.length} onClick={() => setCurrent(current + 1)}>
                  {t('trainingNext')}
                </button>
                <button className="primary" onClick={finish}>
                  {t('trainingFinish')}
                </button>
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
                  {t(result.passed ? (result.mode === 'refresher' ? 'refresherPassed' : 'trainingPassed') : 'trainingFailed')} (
                  {Math.round(result.score * 100)} % / {Math.round(result.passShare * 100)} %)
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
