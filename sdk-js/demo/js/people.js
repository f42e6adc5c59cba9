// Who is who: the users of the application seen so far, by id, for names in the call screens.
import Parley from '/sdk/parley.js';

/** @type {Map<number, any>} */
const known = new Map();

/** @param {any[]} users */
export function remember(users) {
  for (const user of users) known.set(user.id, user);
}

/** The name to show for a user. @param {any} user */
export function nameOf(user) {
  return user?.full_name || user?.login || `User ${user?.id ?? '?'}`;
}

/** @param {number} id */
export function displayName(id) {
  return known.has(id) ? nameOf(known.get(id)) : `User ${id}`;
}

/** The user's name, fetched when not seen yet. @param {number} id @returns {Promise<string>} */
export async function lookupName(id) {
  if (!known.has(id)) {
    try {
      remember([await Parley.users.get(id)]);
    } catch {
      return `User ${id}`;
    }
  }
  return displayName(id);
}
