package dev.parley.media.forward;

import java.util.Arrays;

/**
 * Numbers a subscriber's copy of a series whose members the SFU may leave out on purpose (RTP sequence numbers,
 * VP8 picture ids), so that leaving one out opens no gap: a receiver would take a gap for loss and ask for it.
 * Each new input gets the next output; inputs the publisher's side skipped (lost on the way, maybe recovered
 * later) keep a number of their own, so real loss still shows through; dropped inputs get none. What was assigned
 * in the last {@value #WINDOW} inputs is remembered both ways, so that late packets and NACKs map exactly.
 *
 * <p>Sizes are fixed when created; confined to the room's thread.
 */
final class GaplessNumbering {

    static final int WINDOW = 1 << 10;
    /** What {@link #inputOf} answers for an output {@link #insert} took: it stands for no input. */
    static final int INSERTED = -2;
    private static final int NONE = -1;

    private final int modulus;
    private final int window;
    private final int[] inputAt;
    private final int[] outputOfInput;
    private final int[] outputAt;
    private final int[] inputOfOutput;
    private boolean started;
    private int highestInput;
    private int nextOutput;

    /** For numbers modulo {@code modulus} (a power of two: 2^16 for sequence numbers, 2^15 or 2^7 picture ids). */
    GaplessNumbering(int modulus) {
        this.modulus = modulus;
        this.window = Math.min(WINDOW, modulus / 2);
        this.inputAt = new int[window];
        this.outputOfInput = new int[window];
        this.outputAt = new int[window];
        this.inputOfOutput = new int[window];
        forget();
    }

    /** Whether {@link #start} was called. */
    boolean started() {
        return started;
    }

    /** Continues the output at {@code firstOutput} from input {@code input} on; what came before is forgotten. */
    void start(int input, int firstOutput) {
        started = true;
        forget();
        highestInput = (input - 1) & (modulus - 1);
        nextOutput = firstOutput & (modulus - 1);
    }

    /**
     * The output for an input to send: the next one for a new input, the one it was given (when it was skipped or
     * first sent) for an old one; -1 when it was dropped or is older than the window.
     */
    int forward(int input) {
        int ahead = distance(input, highestInput);
        if (ahead > 0) {
            advanceTo(input, ahead);
            int output = nextOutput;
            assign(input, output);
            nextOutput = (output + 1) & (modulus - 1);
            return output;
        }
        int slot = input & (window - 1);
        return -ahead < window && inputAt[slot] == input ? outputOfInput[slot] : -1;
    }

    /** Leaves a new input out: it gets no number. An old one keeps the number it was given (the gap is loss then). */
    void drop(int input) {
        int ahead = distance(input, highestInput);
        if (ahead > 0) {
            advanceTo(input, ahead);
            int slot = input & (window - 1);
            inputAt[slot] = input;
            outputOfInput[slot] = NONE;
        }
    }

    /**
     * Takes the next output for something of the subscriber's own that stands for no input (a packet of padding),
     * so that the inputs after it follow it without a gap.
     */
    int insert() {
        int output = nextOutput;
        int outSlot = output & (window - 1);
        outputAt[outSlot] = output;
        inputOfOutput[outSlot] = INSERTED;
        nextOutput = (output + 1) & (modulus - 1);
        return output;
    }

    /**
     * The input an output was given to, {@link #INSERTED} for one {@link #insert} took, or -1 (never given, or older
     * than the window).
     */
    int inputOf(int output) {
        int slot = output & (window - 1);
        return outputAt[slot] == output ? inputOfOutput[slot] : -1;
    }

    /** Numbers the inputs between the highest and {@code input} (skipped: loss) and makes {@code input} the highest. */
    private void advanceTo(int input, int ahead) {
        if (ahead > window) {
            forget();
            nextOutput = (nextOutput + ahead - 1) & (modulus - 1);
        } else {
            for (int skipped = (highestInput + 1) & (modulus - 1); skipped != input;
                    skipped = (skipped + 1) & (modulus - 1)) {
                assign(skipped, nextOutput);
                nextOutput = (nextOutput + 1) & (modulus - 1);
            }
        }
        highestInput = input;
    }

    private void assign(int input, int output) {
        int slot = input & (window - 1);
        inputAt[slot] = input;
        outputOfInput[slot] = output;
        int outSlot = output & (window - 1);
        outputAt[outSlot] = output;
        inputOfOutput[outSlot] = input;
    }

    private void forget() {
        Arrays.fill(inputAt, NONE);
        Arrays.fill(outputAt, NONE);
    }

    /** How far {@code a} is ahead of {@code b} modulo the modulus, in (-modulus/2, modulus/2]. */
    private int distance(int a, int b) {
        int d = (a - b) & (modulus - 1);
        return d > modulus / 2 ? d - modulus : d;
    }
}
