/** Who may join a meeting's room: the lookup video rooms need, implemented by the server over storage. */
package dev.parley.conference.meeting;
