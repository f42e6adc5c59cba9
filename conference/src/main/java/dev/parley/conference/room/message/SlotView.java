package dev.parley.conference.room.message;

/**
 * One stream of a subscription as {@code attached}, {@code updated} and {@code switched} describe it.
 *
 * @param feedId 0 for an inactive slot
 */
public record SlotView(String type, boolean active, int mindex, String mid, boolean send, long feedId,
                       String feedDisplay, String feedMid, String codec) {
}
