package dev.parley.media.srtp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * AES-128-GCM from the system's OpenSSL 3 ({@code libcrypto.so.3}) through the JDK's foreign function API. A
 * {@link Context} holds one key's cipher context, initialised once, and its own native memory: each packet only sets a
 * new IV, so nothing is allocated per packet, on the Java heap or in OpenSSL (the JCA's cipher API takes a new parameter
 * object per IV, which is what jitsi-srtp allocates).
 *
 * <p>When libcrypto does not load, {@link #unavailableReason()} says why and SRTP stays on jitsi-srtp.
 */
final class OpenSslGcm {

    static final String LIBRARY = "libcrypto.so.3";
    static final int KEY_LENGTH = 16;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private static final int EVP_CTRL_GCM_GET_TAG = 0x10;
    private static final int EVP_CTRL_GCM_SET_TAG = 0x11;

    private static final String UNAVAILABLE;
    private static final MemorySegment AES_128_GCM;
    private static final MethodHandle CTX_NEW;
    private static final MethodHandle CTX_FREE;
    private static final MethodHandle CIPHER_INIT;
    private static final MethodHandle CIPHER_UPDATE;
    private static final MethodHandle CIPHER_FINAL;
    private static final MethodHandle CTX_CTRL;

    static {
        String unavailable = null;
        MemorySegment cipher = null;
        MethodHandle[] handles = new MethodHandle[6];
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup library = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            // Per packet: short calls that neither block nor call back, so without the thread state change.
            Linker.Option critical = Linker.Option.critical(false);
            handles[0] = linker.downcallHandle(library.findOrThrow("EVP_CIPHER_CTX_new"), FunctionDescriptor.of(ValueLayout.ADDRESS));
            handles[1] = linker.downcallHandle(library.findOrThrow("EVP_CIPHER_CTX_free"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            handles[2] = linker.downcallHandle(library.findOrThrow("EVP_CipherInit_ex"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    critical);
            handles[3] = linker.downcallHandle(library.findOrThrow("EVP_CipherUpdate"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), critical);
            handles[4] = linker.downcallHandle(library.findOrThrow("EVP_CipherFinal_ex"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS), critical);
            handles[5] = linker.downcallHandle(library.findOrThrow("EVP_CIPHER_CTX_ctrl"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), critical);
            MethodHandle aesGcm = linker.downcallHandle(library.findOrThrow("EVP_aes_128_gcm"), FunctionDescriptor.of(ValueLayout.ADDRESS));
            cipher = (MemorySegment) aesGcm.invokeExact();
            if (cipher.address() == 0) {
                unavailable = "EVP_aes_128_gcm returned nothing";
            }
        } catch (Throwable e) {
            unavailable = LIBRARY + " did not load: " + e.getMessage();
        }
        UNAVAILABLE = unavailable;
        AES_128_GCM = cipher;
        CTX_NEW = handles[0];
        CTX_FREE = handles[1];
        CIPHER_INIT = handles[2];
        CIPHER_UPDATE = handles[3];
        CIPHER_FINAL = handles[4];
        CTX_CTRL = handles[5];
    }

    private OpenSslGcm() {
    }

    /** Null when libcrypto is loaded, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * One key's AES-128-GCM context for one direction, with native buffers for the IV, the additional data, the text
     * (encrypted or decrypted in place) and the tag, which the caller fills and reads. Not thread-safe: one thread at a
     * time (a transport's event loop); {@link #close} once that thread is done with it.
     */
    static final class Context implements AutoCloseable {

        private final Arena arena = Arena.ofShared();
        private final MemorySegment context;
        private final boolean encrypt;
        final MemorySegment iv;
        final MemorySegment tag;
        private final MemorySegment written;
        private final MemorySegment scratch;
        MemorySegment aad;
        MemorySegment text;
        private boolean closed;

        Context(byte[] key, boolean encrypt) {
            if (UNAVAILABLE != null) {
                throw new IllegalStateException("OpenSSL's AES-GCM is not available: " + UNAVAILABLE);
            }
            if (key.length != KEY_LENGTH) {
                throw new IllegalArgumentException("AES-128 takes a 16-byte key, not " + key.length);
            }
            this.encrypt = encrypt;
            MemorySegment created = MemorySegment.NULL;
            try {
                created = (MemorySegment) CTX_NEW.invokeExact();
                if (created.address() == 0) {
                    throw new IllegalStateException("EVP_CIPHER_CTX_new failed");
                }
                MemorySegment keyCopy = arena.allocate(KEY_LENGTH);
                MemorySegment.copy(key, 0, keyCopy, ValueLayout.JAVA_BYTE, 0, KEY_LENGTH);
                int ok = (int) CIPHER_INIT.invokeExact(created, AES_128_GCM, MemorySegment.NULL, keyCopy, MemorySegment.NULL, encrypt ? 1 : 0);
                keyCopy.fill((byte) 0); // OpenSSL expanded it into its own schedule
                if (ok != 1) {
                    throw new IllegalStateException("EVP_CipherInit_ex failed");
                }
            } catch (RuntimeException | Error e) {
                free(created);
                arena.close();
                throw e;
            } catch (Throwable e) {
                free(created);
                arena.close();
                throw new IllegalStateException("OpenSSL's AES-GCM failed: " + e, e);
            }
            this.context = created;
            this.iv = arena.allocate(IV_LENGTH);
            this.tag = arena.allocate(TAG_LENGTH);
            this.written = arena.allocate(ValueLayout.JAVA_INT);
            this.scratch = arena.allocate(32);
            this.aad = arena.allocate(256, 16);
            this.text = arena.allocate(2048, 16);
        }

        /** Makes {@link #aad} and {@link #text} hold at least these many bytes (new memory only when they grow). */
        void ensureCapacity(int aadLength, int textLength) {
            if (aad.byteSize() < aadLength) {
                aad = arena.allocate(Math.max(2 * aad.byteSize(), aadLength), 16);
            }
            if (text.byteSize() < textLength) {
                text = arena.allocate(Math.max(2 * text.byteSize(), textLength), 16);
            }
        }

        /** Encrypts {@code text[0, textLength)} in place with {@code aad[0, aadLength)} under {@link #iv}; the tag goes to {@link #tag}. */
        boolean seal(int aadLength, int textLength) {
            try {
                return (int) CIPHER_INIT.invokeExact(context, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, iv, 1) == 1
                        && (aadLength == 0 || (int) CIPHER_UPDATE.invokeExact(context, MemorySegment.NULL, written, aad, aadLength) == 1)
                        && (textLength == 0 || (int) CIPHER_UPDATE.invokeExact(context, text, written, text, textLength) == 1)
                        && (int) CIPHER_FINAL.invokeExact(context, scratch, written) == 1
                        && (int) CTX_CTRL.invokeExact(context, EVP_CTRL_GCM_GET_TAG, TAG_LENGTH, tag) == 1;
            } catch (Throwable e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
        }

        /**
         * Decrypts {@code text[0, textLength)} in place with {@code aad[0, aadLength)} under {@link #iv}, checking
         * {@link #tag}: false when the tag does not verify (the text is then garbage).
         */
        boolean open(int aadLength, int textLength) {
            try {
                return (int) CIPHER_INIT.invokeExact(context, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, iv, 0) == 1
                        && (aadLength == 0 || (int) CIPHER_UPDATE.invokeExact(context, MemorySegment.NULL, written, aad, aadLength) == 1)
                        && (textLength == 0 || (int) CIPHER_UPDATE.invokeExact(context, text, written, text, textLength) == 1)
                        && (int) CTX_CTRL.invokeExact(context, EVP_CTRL_GCM_SET_TAG, TAG_LENGTH, tag) == 1
                        && (int) CIPHER_FINAL.invokeExact(context, scratch, written) == 1;
            } catch (Throwable e) {
                throw new IllegalStateException("AES-GCM decryption failed", e);
            }
        }

        boolean encrypts() {
            return encrypt;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            free(context);
            arena.close();
        }

        private static void free(MemorySegment context) {
            if (context.address() == 0) {
                return;
            }
            try {
                CTX_FREE.invokeExact(context);
            } catch (Throwable e) {
                throw new IllegalStateException("EVP_CIPHER_CTX_free failed", e);
            }
        }
    }
}
