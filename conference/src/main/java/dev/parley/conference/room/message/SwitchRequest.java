package dev.parley.conference.room.message;

/** One entry of {@code switch}: feed the subscription's {@code sub_mid} from {@code feed}'s {@code mid} instead. */
public record SwitchRequest(long feed, String mid, String subMid) {
}
