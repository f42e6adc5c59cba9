// Who is speaking, for the meeting's prominent tile: the loudest remote user, switched with hysteresis
// so that the big tile does not flicker between people who talk over each other or cough once. A
// newcomer takes the place only after being the loudest, clearly above the current speaker, for HOLD_MS.

/** A mic level (0..1, as the SDK's stats give it) below this is silence or background noise. */
const SPEAKING = 0.02;
/** How long someone must stay the loudest before the prominent tile switches to them. */
const HOLD_MS = 1500;
/** How much louder than the current speaker a newcomer must be. */
const MARGIN = 1.5;
/** Weight of the newest level in the smoothed one (the stats arrive about once a second). */
const SMOOTHING = 0.6;

export class ActiveSpeaker {
  /** @param {() => number} [now] milliseconds */
  constructor(now = () => performance.now()) {
    this.now = now;
    /** @type {Map<number, number>} smoothed level per user */ this.levels = new Map();
    /** @type {number | null} */ this.current = null;
    /** @type {{userId: number, since: number} | null} */ this.candidate = null;
  }

  /**
   * Takes a user's new level; returns true when the speaker changed (read `current`).
   * @param {number} userId @param {number} level 0..1
   */
  update(userId, level) {
    const before = this.levels.get(userId) ?? 0;
    this.levels.set(userId, before * (1 - SMOOTHING) + level * SMOOTHING);
    let loudest = null;
    let loudestLevel = SPEAKING;
    for (const [id, value] of this.levels) {
      if (value >= loudestLevel) [loudest, loudestLevel] = [id, value];
    }
    const currentLevel = this.current === null ? 0 : this.levels.get(this.current) ?? 0;
    if (loudest === null || loudest === this.current || loudestLevel < currentLevel * MARGIN) {
      this.candidate = null;
      return false;
    }
    const now = this.now();
    if (this.candidate?.userId !== loudest) this.candidate = { userId: loudest, since: now };
    // The first voice heard takes the place at once: there is nobody to flicker away from.
    if (this.current !== null && now - this.candidate.since < HOLD_MS) return false;
    this.current = loudest;
    this.candidate = null;
    return true;
  }

  /** Forgets a user who left; returns true when that was the speaker. @param {number} userId */
  remove(userId) {
    this.levels.delete(userId);
    if (this.candidate?.userId === userId) this.candidate = null;
    if (this.current !== userId) return false;
    this.current = null;
    return true;
  }
}
