package dev.parley.conference.room;

import dev.parley.common.time.Scheduler;
import dev.parley.conference.ConferenceSettings;
import dev.parley.conference.media.MediaPlane;
import dev.parley.conference.meeting.MeetingDirectory;
import dev.parley.conference.negotiation.PublisherAnswerer;

import java.util.concurrent.Executor;

/**
 * What every room uses: the settings, the media plane, the meeting directory, the answerer, timers, the executor
 * room queues drain on and the one blocking lookups run on. Immutable and thread-safe.
 */
record RoomContext(ConferenceSettings settings, MediaPlane media, MeetingDirectory meetings, PublisherAnswerer answerer,
                   Scheduler scheduler, Executor shared, Executor blocking) {
}
