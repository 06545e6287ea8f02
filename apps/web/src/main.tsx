import { lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

// The patient's own page (/p/<token>, issue 22) needs no sign-in and none of the staff's app: its own chunk.
const PatientLinkPage = lazy(() => import('./pages/PatientLink').then((m) => ({ default: m.PatientLinkPage })));
const patientToken = /^\/p\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname)?.[1];
// The interpreter's page (/i/<token>, issue 22): no sign-in either, and only the call's code.
const InterpreterVisitPage = lazy(() => import('./pages/InterpreterVisit').then((m) => ({ default: m.InterpreterVisitPage })));
const interpreterToken = /^\/i\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname)?.[1];

createRoot(document.getElementById('root')!).render(
  patientToken ? (
    <Suspense fallback={null}>
      <PatientLinkPage token={patientToken} />
    </Suspense>
  ) : interpreterToken ? (
    <Suspense fallback={null}>
      <InterpreterVisitPage token={interpreterToken} />
    </Suspense>
  ) : (
    <App />
  ),
);
