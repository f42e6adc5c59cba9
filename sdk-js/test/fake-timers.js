/** A clock that moves only when told: tests run answer, dialing and disconnect timeouts instantly. */
export class FakeTimers {
  constructor() {
    this.time = 0;
    this.nextId = 1;
    /** @type {Map<number, {at: number, fn: () => void, every: number}>} */
    this.pending = new Map();
  }

  setTimeout(fn, ms) { return this.add(fn, ms, 0); }
  setInterval(fn, ms) { return this.add(fn, ms, ms); }
  clearTimeout(id) { this.pending.delete(id); }
  clearInterval(id) { this.pending.delete(id); }
  now() { return this.time; }

  add(fn, ms, every) {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, fn, every });
    return id;
  }

  /** Moves the clock, running each timer due on the way (and the promises it starts). */
  async advance(ms) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.time = timer.at;
      if (timer.every) timer.at += timer.every; else this.pending.delete(id);
      timer.fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle() {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
