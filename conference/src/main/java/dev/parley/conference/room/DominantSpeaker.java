package dev.parley.conference.room;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Who holds the floor of a room: the dominant speaker, from the short-window audio levels of its publishers. After
 * Volfin and Cohen's dominant speaker identification ("Dominant Speaker Identification for Multipoint
 * Videoconferencing", IEEE 2012, the idea behind Jitsi's): speech is judged on three time scales, and a challenger takes
 * the floor only when it beats the current speaker on all of them, so that talking over someone, a cough or a pause
 * does not move the floor, and silence never takes it.
 *
 * <ul>
 *   <li>immediate: a {@value #SLICE_MILLIS} ms slice is speech when a level report in it is at or louder than the
 *       room's talking level; a voice is speaking now when its current or previous slice is speech;</li>
 *   <li>medium: the speech slices of the last {@value #SLICES_PER_BLOCK} (a block of half a second);</li>
 *   <li>long: the blocks of the last {@value #BLOCKS} (three seconds) with at least {@value #SPEECH_SLICES_PER_BLOCK}
 *       speech slices.</li>
 * </ul>
 *
 * A voice speaking now takes the floor when it has at least {@value #FLOOR_BLOCKS} speech blocks (about a second and a
 * half of speech: never a cough), {@value #LEAD_BLOCKS} more than the current speaker, and more speech in the last
 * block. Time is passed in (the room's scheduler clock); a slice without a report (muted, comfort-noise gaps) is
 * silence. Confined to the room's executor.
 */
final class DominantSpeaker {

    static final long SLICE_MILLIS = 100;
    static final int SLICES_PER_BLOCK = 5;
    static final int SPEECH_SLICES_PER_BLOCK = 3;
    static final int BLOCKS = 6;
    static final int FLOOR_BLOCKS = 3;
    static final int LEAD_BLOCKS = 2;
    private static final long SLICE_NANOS = SLICE_MILLIS * 1_000_000;
    private static final int SLICES = SLICES_PER_BLOCK * BLOCKS;

    private final int speechLevel;
    private final Map<Long, Voice> voices = new LinkedHashMap<>();
    private Voice dominant;

    /** @param speechLevel -dBov at or below which (louder) a level counts as speech */
    DominantSpeaker(int speechLevel) {
        this.speechLevel = speechLevel;
    }

    /** The participant holding the floor, if anyone has taken it yet. */
    OptionalLong dominant() {
        return dominant == null ? OptionalLong.empty() : OptionalLong.of(dominant.participant);
    }

    /**
     * Takes one level report of a participant's audio (-dBov, 0 loudest) and decides again.
     *
     * @return whether the floor changed hands (read {@link #dominant()})
     */
    boolean level(long participant, int level, long nowNanos) {
        long slice = Math.floorDiv(nowNanos, SLICE_NANOS);
        voices.computeIfAbsent(participant, Voice::new).mark(slice, level <= speechLevel);
        Voice challenger = null;
        for (Voice voice : voices.values()) {
            if (voice != dominant && voice.speakingAt(slice) && (challenger == null || voice.beats(challenger, slice))) {
                challenger = voice;
            }
        }
        if (challenger == null || !takesFloor(challenger, slice)) {
            return false;
        }
        dominant = challenger;
        return true;
    }

    /** The participant stopped publishing or left; when it held the floor, nobody does until someone speaks. */
    void remove(long participant) {
        Voice voice = voices.remove(participant);
        if (voice != null && voice == dominant) {
            dominant = null;
        }
    }

    private boolean takesFloor(Voice challenger, long slice) {
        int blocks = challenger.speechBlocks(slice);
        if (blocks < FLOOR_BLOCKS) {
            return false;
        }
        return dominant == null || (blocks >= dominant.speechBlocks(slice) + LEAD_BLOCKS
                && challenger.speechSlices(slice, 0) > dominant.speechSlices(slice, 0));
    }

    /** One participant's speech slices over the long window, in a ring indexed by slice number. */
    private static final class Voice {

        final long participant;
        private final boolean[] speech = new boolean[SLICES];
        private long lastSlice = Long.MIN_VALUE;

        Voice(long participant) {
            this.participant = participant;
        }

        void mark(long slice, boolean isSpeech) {
            if (lastSlice == Long.MIN_VALUE || slice - lastSlice >= SLICES) {
                Arrays.fill(speech, false);
            } else {
                for (long cleared = lastSlice + 1; cleared <= slice; cleared++) {
                    speech[(int) Math.floorMod(cleared, SLICES)] = false;
                }
            }
            lastSlice = Math.max(lastSlice, slice);
            if (isSpeech) {
                speech[(int) Math.floorMod(slice, SLICES)] = true;
            }
        }

        boolean isSpeech(long slice) {
            return slice <= lastSlice && slice > lastSlice - SLICES && speech[(int) Math.floorMod(slice, SLICES)];
        }

        boolean speakingAt(long slice) {
            return isSpeech(slice) || isSpeech(slice - 1);
        }

        /** Speech slices in the block that ends {@code blocksAgo} blocks before {@code slice}. */
        int speechSlices(long slice, int blocksAgo) {
            long end = slice - (long) blocksAgo * SLICES_PER_BLOCK;
            int count = 0;
            for (long s = end - SLICES_PER_BLOCK + 1; s <= end; s++) {
                if (isSpeech(s)) {
                    count++;
                }
            }
            return count;
        }

        int speechBlocks(long slice) {
            int blocks = 0;
            for (int ago = 0; ago < BLOCKS; ago++) {
                if (speechSlices(slice, ago) >= SPEECH_SLICES_PER_BLOCK) {
                    blocks++;
                }
            }
            return blocks;
        }

        /** More speech over the long window, then over the last block. */
        boolean beats(Voice other, long slice) {
            int blocks = speechBlocks(slice);
            int others = other.speechBlocks(slice);
            return blocks != others ? blocks > others : speechSlices(slice, 0) > other.speechSlices(slice, 0);
        }
    }
}
