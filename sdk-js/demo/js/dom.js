// Small DOM helpers shared by the views.

/** @param {string} id @returns {any} */
export const byId = (id) => document.getElementById(id);

/**
 * Creates an element: el('div', {class: 'x', dataset: {testid: 'y'}}, child, 'text').
 * @param {string} tag @param {Record<string, any>} [attrs] @param {...(Node | string | null)} children
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'class') node.className = value;
    else if (key in node && typeof value !== 'string') /** @type {any} */ (node)[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

/** Initials for an avatar. @param {string} name */
export function initials(name) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** A stable hue per user for avatar colours. @param {number} id */
export function hue(id) {
  return (id * 67) % 360;
}

/** Fills an avatar element for a user. @param {HTMLElement} node @param {{id: number, name: string}} person */
export function paintAvatar(node, person) {
  node.textContent = initials(person.name);
  node.style.setProperty('--hue', String(hue(person.id)));
  node.title = person.name;
}

/** "Ann", "Ann and Bob", "Ann, Bob and Cy". @param {string[]} names */
export function joinNames(names) {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
