/**
 * The video rooms' media on Parley's own media plane: {@link dev.parley.conference.sfu.SfuMediaPlane} implements the
 * conference's {@link dev.parley.conference.media.MediaPlane} with one secure transport of the {@code media} module
 * per Janus handle and one {@link dev.parley.media.forward.ForwardingRoom} per video room, all on the media event
 * loop. Rooms post their changes to the forwarding graph to that loop; the graph's events go back to the rooms through
 * their {@link dev.parley.conference.media.MediaListener}s.
 */
package dev.parley.conference.sfu;
