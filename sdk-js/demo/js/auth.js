// Signing up, logging in and out. The session token is kept in sessionStorage so that a reload of
// the tab stays signed in; the chat connection (which carries the call signals) logs in with it. Ticking
// "Keep me signed in" keeps it in localStorage instead, so that every tab of this browser, and a window that a
// call's notification opens (call-push.js), is signed in too, until log-out.
import Parley from '/sdk/parley.js';
import { byId } from './dom.js';

const STORAGE_KEY = 'parley.demo.account';

/** @typedef {{token: string, userId: number, user: any, kept: boolean}} Account `kept`: in localStorage */

/**
 * Logs in with login and password: a user session, then the chat connection.
 * @param {string} login @param {string} password @param {boolean} keep keep the session on this browser
 * @returns {Promise<Account>}
 */
export async function logIn(login, password, keep = false) {
  const session = await Parley.createSession({ login, password });
  const account = { token: session.token, userId: session.user_id, user: session.user, kept: keep };
  await Parley.chat.connect({ userId: account.userId, password: account.token });
  (keep ? localStorage : sessionStorage).setItem(STORAGE_KEY, JSON.stringify(account));
  (keep ? sessionStorage : localStorage).removeItem(STORAGE_KEY); // an account kept before is no longer the one in use
  return account;
}

/** Signing up worked but logging in afterwards did not: the account exists, the form must say so. */
export class SignedUpButNotIn extends Error {
  /** @param {unknown} cause */
  constructor(cause) {
    super('signed up, not logged in', { cause });
  }
}

/**
 * @param {{login: string, password: string, full_name?: string}} fields @param {boolean} keep as for logIn
 * @returns {Promise<Account>}
 */
export async function signUp(fields, keep = false) {
  await Parley.users.signup(fields);
  try {
    return await logIn(fields.login, fields.password, keep);
  } catch (error) {
    throw new SignedUpButNotIn(error);
  }
}

/**
 * The account kept from earlier in this tab (or on this browser), still valid and connected to chat; null
 * when there is none or its session has expired.
 * @returns {Promise<Account | null>}
 */
export async function restore() {
  const kept = !sessionStorage.getItem(STORAGE_KEY);
  const storage = kept ? localStorage : sessionStorage;
  let saved;
  try {
    saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    saved = null;
  }
  if (!saved?.token || !saved.userId) return null;
  // The SDK has no call that restores a session from a token: set it, then prove it still works.
  Parley.setSessionToken(saved.token);
  try {
    const user = await Parley.users.get(saved.userId);
    await Parley.chat.connect({ userId: saved.userId, password: saved.token });
    return { ...saved, user, kept };
  } catch (error) {
    Parley.setSessionToken(/** @type {any} */ (null));
    if (/** @type {any} */ (error).status === 401) storage.removeItem(STORAGE_KEY);
    return null;
  }
}

/** Ends the session on the server and forgets it here. */
export async function logOut() {
  sessionStorage.removeItem(STORAGE_KEY);
  localStorage.removeItem(STORAGE_KEY);
  try {
    await Parley.destroySession();
  } catch {
    Parley.setSessionToken(/** @type {any} */ (null)); // already gone on the server: nothing to undo
  }
}

/** A message for the person at the form. @param {any} error @param {'login' | 'signup'} mode */
export function describeError(error, mode) {
  if (error?.status === 401 && mode === 'login') return 'Wrong login or password.';
  if (error?.status === 429) return 'Too many attempts. Wait a moment and try again.';
  if (error?.status === 0 && /could not be reached/.test(error.message)) {
    return 'Can’t reach the server. Check your connection and try again.';
  }
  const text = String(error?.message ?? error ?? 'Something went wrong');
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

/**
 * Wires the log-in / sign-up form.
 * @param {(account: Account) => void} onSignedIn
 */
export function bindAuthForm(onSignedIn) {
  const form = /** @type {HTMLFormElement} */ (byId('auth-form'));
  const error = byId('auth-error');
  const submit = form.querySelector('[type=submit]');
  const password = form.elements.namedItem('password');
  let mode = /** @type {'login' | 'signup'} */ ('login');

  const setMode = (/** @type {'login' | 'signup'} */ next) => {
    // Nothing typed for one form carries over to the other: a password least of all.
    if (next !== mode) form.reset();
    mode = next;
    form.dataset.mode = next;
    byId('login-tab').setAttribute('aria-selected', String(next === 'login'));
    byId('signup-tab').setAttribute('aria-selected', String(next === 'signup'));
    submit.textContent = next === 'login' ? 'Log in' : 'Create account';
    password.autocomplete = next === 'login' ? 'current-password' : 'new-password';
    error.hidden = true;
  };
  byId('login-tab').addEventListener('click', () => setMode('login'));
  byId('signup-tab').addEventListener('click', () => setMode('signup'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const login = String(data.get('login') ?? '').trim();
    const pass = String(data.get('password') ?? '');
    const fullName = String(data.get('full_name') ?? '').trim();
    const keep = data.get('keep') === 'on';
    if (!login || !pass) return showError('Enter your login and password.');
    if (mode === 'signup' && pass.length < 8) return showError('Choose a password of at least 8 characters.');
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    error.hidden = true;
    try {
      const account = mode === 'login'
        ? await logIn(login, pass, keep)
        : await signUp({ login, password: pass, ...(fullName ? { full_name: fullName } : {}) }, keep);
      form.reset();
      setMode('login');
      onSignedIn(account);
    } catch (failure) {
      if (failure instanceof SignedUpButNotIn) {
        setMode('login');
        /** @type {HTMLInputElement} */ (form.elements.namedItem('login')).value = login;
        showError(`Your account ${login} was created, but logging in failed: ${describeError(failure.cause, 'login')}`);
      } else {
        showError(describeError(failure, mode));
      }
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });

  function showError(/** @type {string} */ text) {
    error.textContent = text;
    error.hidden = false;
  }
}
