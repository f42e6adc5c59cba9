/** Timers and ordered queues for the conference module's state. */
package dev.parley.conference.time;
