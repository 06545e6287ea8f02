import { type AnchorHTMLAttributes, type MouseEvent, useCallback, useEffect, useSyncExternalStore } from 'react';

/**
 * Hash routing (#17.2): every page, tab and open case has a URL of the form `#/<segment>/...?<query>`.
 * Hash URLs need nothing of the server (the api serves the app at `/`), so a deep link works on
 * reload, in a bookmark and when shared. Plain `<a href="#/...">` links work too: the router follows
 * `hashchange`, and asks the leave guards before it lets such a move stand.
 */
export interface Route {
  /** The path without the query, always starting with `/` (`/` for the role's home). */
  path: string;
  /** The path's non-empty segments, decoded: `#/cases/42` gives `['cases', '42']`. */
  segments: string[];
  query: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, segments, query: new URLSearchParams(queryPart) };
}

/** A hash that is a route: `#/...` or none. `#main` (an in-page anchor such as the skip link) is not. */
function isRouteHash(hash: string): boolean {
  return hash === '' || hash === '#' || hash.startsWith('#/');
}

let current: Route = parse(isRouteHash(location.hash) ? location.hash : '');
let currentHash = isRouteHash(location.hash) ? location.hash || '#/' : '#/';
const subscribers = new Set<() => void>();

function publish(hash: string) {
  currentHash = hash || '#/';
  current = parse(currentHash);
  for (const s of subscribers) s();
}

// ---- Leave guards -------------------------------------------------------------------------------

interface Guard {
  message: string;
  inApp: boolean;
}
const guards = new Set<Guard>();

/**
 * Asks before work on screen is lost. In-app moves ask only the guards whose work does not survive
 * them; `everything` (signing out, which clears the tab's drafts) asks every guard. Returns whether to go on.
 */
export function confirmLeave(everything = false): boolean {
  for (const g of guards) {
    if (!everything && !g.inApp) continue;
    if (!window.confirm(g.message)) return false;
  }
  return true;
}

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (guards.size === 0) return;
  e.preventDefault();
  // Browsers show their own words; the value is still required by some to show the dialog at all.
  e.returnValue = '';
}

/**
 * While `dirty`, closing or reloading the tab asks first (the browser's own dialog), and so does a move
 * inside the app unless `inApp` is false (work kept across in-app moves, such as the nurse's draft,
 * which lives in the tab's sessionStorage). Signing out always asks: see `confirmLeave(true)`.
 */
export function useLeaveGuard(dirty: boolean, message: string, options: { inApp?: boolean } = {}): void {
  const inApp = options.inApp ?? true;
  useEffect(() => {
    if (!dirty) return;
    const guard: Guard = { message, inApp };
    guards.add(guard);
    if (guards.size === 1) addEventListener('beforeunload', onBeforeUnload);
    return () => {
      guards.delete(guard);
      if (guards.size === 0) removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty, message, inApp]);
}

// ---- Navigation ---------------------------------------------------------------------------------

function onHashChange() {
  const hash = location.hash;
  if (!isRouteHash(hash)) return; // an in-page anchor: the route stays
  if (hash === currentHash || (hash === '' && currentHash === '#/')) return;
  // A plain link or the back button has already moved the URL: if a guard says stay, put it back.
  if (!confirmLeave()) {
    history.replaceState(history.state, '', currentHash);
    return;
  }
  publish(hash);
}
addEventListener('hashchange', onHashChange);
// Back and forward between entries that navigate() pushed: popstate, and in some browsers no hashchange.
addEventListener('popstate', onHashChange);

/** Goes to `path` (e.g. `/cases/42?status=open`), asking the leave guards first. Returns whether it went. */
export function navigate(path: string, options: { replace?: boolean; force?: boolean } = {}): boolean {
  const hash = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (hash === currentHash) return true;
  if (!options.force && !confirmLeave()) return false;
  if (options.replace) history.replaceState(history.state, '', hash);
  else history.pushState(history.state, '', hash);
  // pushState and replaceState fire no hashchange: tell the subscribers here.
  publish(hash);
  return true;
}

/** Builds a path from segments (each encoded) and an optional query; empty query values are left out. */
export function pathOf(segments: Array<string | number>, query?: Record<string, string | undefined>): string {
  const path = `/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

function subscribe(s: () => void) {
  subscribers.add(s);
  return () => {
    subscribers.delete(s);
  };
}

/** The current route; re-renders on every move. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => current);
}

/**
 * The page's tab kept in the URL's first segment (`#/<tab>/...`), so reload and back keep it. The home
 * path `/` and a first segment that names no tab give `defaultTab`. Changing tab pushes a history entry.
 */
export function useRouteTab<T extends string>(defaultTab: T, tabs?: readonly T[]): [T, (tab: T) => void] {
  const route = useRoute();
  const first = route.segments[0] as T | undefined;
  const tab = first && (!tabs || tabs.includes(first)) ? first : defaultTab;
  const setTab = useCallback((next: T) => {
    navigate(`/${encodeURIComponent(next)}`);
  }, []);
  return [tab, setTab];
}

/**
 * A link to an app path: a plain `<a href="#/...">` (so opening in a new tab, copying and
 * bookmarking work) whose ordinary click goes through `navigate` and so asks the leave guards.
 */
export function Link({ to, replace, onClick, ...rest }: { to: string; replace?: boolean } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a {...rest} href={`#${to.startsWith('/') ? to : `/${to}`}`} onClick={click} />;
}
