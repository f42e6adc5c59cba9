package dev.parley.media.srtp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libsrtp 2, the reference SRTP library (Cisco's; browsers and Janus use it), from the system
 * ({@code libsrtp2.so.1}: Debian's and Ubuntu's {@code libsrtp2-1}) through the JDK's foreign function API. One
 * {@link Session} protects or unprotects in place in native memory: no Java object per packet.
 *
 * <p>Only AEAD_AES_128_GCM goes through it: the distributions build libsrtp with NSS, whose AES-CM with HMAC-SHA1 took
 * 13 µs per 1200-byte packet here against 2-5 µs for jitsi-srtp on OpenSSL; its GCM took as long as jitsi-srtp's.
 *
 * <p>When the library does not load, {@link #unavailableReason()} says why and SRTP stays on jitsi-srtp.
 */
final class LibSrtp {

    static final String LIBRARY = "libsrtp2.so.1";

    // srtp_err_status_t (srtp.h)
    static final int OK = 0;
    static final int BAD_PARAM = 2;
    static final int AUTH_FAIL = 7;
    static final int REPLAY_FAIL = 9;
    static final int REPLAY_OLD = 10;
    static final int PARSE_ERR = 21;

    // srtp_policy_t on LP64 (libsrtp 2.x, srtp.h): ssrc {type, value}, rtp and rtcp crypto policies of six ints,
    // key, keys, num_master_keys, deprecated_ekt, window_size, allow_repeat_tx, enc_xtn_hdr, enc_xtn_hdr_count, next.
    private static final long POLICY_SIZE = 128;
    private static final long POLICY_SSRC_TYPE = 0;
    private static final long POLICY_RTP = 8;
    private static final long POLICY_RTCP = 32;
    private static final long CRYPTO_POLICY_SIZE = 24;
    private static final long POLICY_KEY = 56;
    private static final long POLICY_WINDOW_SIZE = 88;
    private static final long POLICY_ALLOW_REPEAT_TX = 96;
    // srtp_ssrc_type_t
    private static final int SSRC_ANY_INBOUND = 2;
    private static final int SSRC_ANY_OUTBOUND = 3;

    private static final String UNAVAILABLE;
    private static final String VERSION;
    private static final MethodHandle CREATE;
    private static final MethodHandle DEALLOC;
    private static final MethodHandle PROTECT;
    private static final MethodHandle UNPROTECT;
    private static final MethodHandle PROTECT_RTCP;
    private static final MethodHandle UNPROTECT_RTCP;
    private static final MethodHandle REMOVE_STREAM;
    private static final MethodHandle SET_AES_GCM_128;

    static {
        String unavailable = null;
        String version = null;
        MethodHandle[] handles = new MethodHandle[8];
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup library = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            FunctionDescriptor inPlace = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
            // Per packet: a short call that neither blocks nor calls back, so without the thread state change.
            Linker.Option critical = Linker.Option.critical(false);
            handles[0] = linker.downcallHandle(library.findOrThrow("srtp_create"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            handles[1] = linker.downcallHandle(library.findOrThrow("srtp_dealloc"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            handles[2] = linker.downcallHandle(library.findOrThrow("srtp_protect"), inPlace, critical);
            handles[3] = linker.downcallHandle(library.findOrThrow("srtp_unprotect"), inPlace, critical);
            handles[4] = linker.downcallHandle(library.findOrThrow("srtp_protect_rtcp"), inPlace, critical);
            handles[5] = linker.downcallHandle(library.findOrThrow("srtp_unprotect_rtcp"), inPlace, critical);
            handles[6] = linker.downcallHandle(library.findOrThrow("srtp_remove_stream"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            handles[7] = linker.downcallHandle(library.findOrThrow("srtp_crypto_policy_set_aes_gcm_128_16_auth"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            MethodHandle versionString = linker.downcallHandle(library.findOrThrow("srtp_get_version_string"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_BYTE)));
            version = ((MemorySegment) versionString.invokeExact()).reinterpret(64).getString(0);
            if (!version.startsWith("libsrtp2 2.")) {
                unavailable = "its version is " + version + ", not libsrtp 2";
            } else {
                MethodHandle init = linker.downcallHandle(library.findOrThrow("srtp_init"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                int status = (int) init.invokeExact();
                if (status != OK) {
                    unavailable = "srtp_init failed with status " + status;
                }
            }
        } catch (Throwable e) {
            unavailable = LIBRARY + " did not load: " + e.getMessage();
        }
        UNAVAILABLE = unavailable;
        VERSION = version;
        CREATE = handles[0];
        DEALLOC = handles[1];
        PROTECT = handles[2];
        UNPROTECT = handles[3];
        PROTECT_RTCP = handles[4];
        UNPROTECT_RTCP = handles[5];
        REMOVE_STREAM = handles[6];
        SET_AES_GCM_128 = handles[7];
    }

    private LibSrtp() {
    }

    /** Null when the library is loaded and initialised, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Its version string, such as "libsrtp2 2.5.0", or null when it did not load. */
    static String version() {
        return VERSION;
    }

    /**
     * One libsrtp session (an {@code srtp_t}) for one direction of a transport with AEAD_AES_128_GCM: a stream per SSRC,
     * made from the session's template on an SSRC's first packet (inbound: only once that packet authenticates).
     * Packets are copied into native memory of its own, processed there and copied back.
     *
     * <p>Not thread-safe: one thread uses it at a time (the transport's event loop); {@link #close} may come from another
     * once that thread is done with it.
     */
    static final class Session implements AutoCloseable {

        private final Arena arena = Arena.ofShared();
        private final MemorySegment session;
        private final MemorySegment length;
        private MemorySegment buffer;
        private boolean closed;

        /** {@code outbound}: a sender's session, which may send a sequence number again (a retransmission without RTX). */
        Session(byte[] key, byte[] salt, boolean outbound) {
            if (UNAVAILABLE != null) {
                throw new IllegalStateException("libsrtp is not available: " + UNAVAILABLE);
            }
            MemorySegment created;
            try {
                MemorySegment policy = arena.allocate(POLICY_SIZE, 8);
                policy.set(ValueLayout.JAVA_INT, POLICY_SSRC_TYPE, outbound ? SSRC_ANY_OUTBOUND : SSRC_ANY_INBOUND);
                SET_AES_GCM_128.invokeExact(policy.asSlice(POLICY_RTP, CRYPTO_POLICY_SIZE));
                SET_AES_GCM_128.invokeExact(policy.asSlice(POLICY_RTCP, CRYPTO_POLICY_SIZE));
                MemorySegment master = arena.allocate(key.length + salt.length);
                MemorySegment.copy(key, 0, master, ValueLayout.JAVA_BYTE, 0, key.length);
                MemorySegment.copy(salt, 0, master, ValueLayout.JAVA_BYTE, key.length, salt.length);
                policy.set(ValueLayout.ADDRESS, POLICY_KEY, master);
                policy.set(ValueLayout.JAVA_LONG, POLICY_WINDOW_SIZE, 0L); // libsrtp's default replay window, 128 packets
                policy.set(ValueLayout.JAVA_INT, POLICY_ALLOW_REPEAT_TX, outbound ? 1 : 0);
                MemorySegment holder = arena.allocate(ValueLayout.ADDRESS);
                int status = (int) CREATE.invokeExact(holder, policy);
                master.fill((byte) 0); // libsrtp derived its session keys from it
                if (status != OK) {
                    throw new IllegalStateException("srtp_create failed with status " + status);
                }
                created = holder.get(ValueLayout.ADDRESS, 0);
            } catch (RuntimeException | Error e) {
                arena.close();
                throw e;
            } catch (Throwable e) {
                arena.close();
                throw new IllegalStateException("srtp_create failed: " + e, e);
            }
            this.session = created;
            this.length = arena.allocate(ValueLayout.JAVA_INT);
            this.buffer = arena.allocate(2048, 16);
        }

        int protectRtp(byte[] buf, int off, int len) {
            return call(PROTECT, buf, off, len, SrtpProfile.AEAD_AES_128_GCM.rtpOverhead());
        }

        int unprotectRtp(byte[] buf, int off, int len) {
            return call(UNPROTECT, buf, off, len, 0);
        }

        int protectRtcp(byte[] buf, int off, int len) {
            return call(PROTECT_RTCP, buf, off, len, SrtpProfile.AEAD_AES_128_GCM.rtcpOverhead());
        }

        int unprotectRtcp(byte[] buf, int off, int len) {
            return call(UNPROTECT_RTCP, buf, off, len, 0);
        }

        /** Drops the stream of {@code ssrc}, if there is one. */
        void removeStream(int ssrc) {
            try {
                int ignored = (int) REMOVE_STREAM.invokeExact(session, Integer.reverseBytes(ssrc)); // in network order
            } catch (Throwable e) {
                throw new IllegalStateException("srtp_remove_stream failed", e);
            }
        }

        /** Copies the packet in, calls libsrtp, copies the result back: its length, or libsrtp's status negated minus one. */
        private int call(MethodHandle operation, byte[] buf, int off, int len, int growth) {
            if (closed) {
                throw new IllegalStateException("the SRTP session is closed");
            }
            if (off < 0 || len < 0 || off + len > buf.length) {
                return -1 - BAD_PARAM;
            }
            if (buffer.byteSize() < (long) len + SrtpProfile.MAX_OVERHEAD) {
                buffer = arena.allocate(Math.max(2L * buffer.byteSize(), len + SrtpProfile.MAX_OVERHEAD), 16);
            }
            MemorySegment.copy(buf, off, buffer, ValueLayout.JAVA_BYTE, 0, len);
            length.set(ValueLayout.JAVA_INT, 0, len);
            int status;
            try {
                status = (int) operation.invokeExact(session, buffer, length);
            } catch (Throwable e) {
                throw new IllegalStateException("libsrtp failed", e);
            }
            if (status != OK) {
                return -1 - status;
            }
            int result = length.get(ValueLayout.JAVA_INT, 0);
            if (result < 0 || result > len + growth || off + result > buf.length) {
                return -1 - PARSE_ERR;
            }
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, buf, off, result);
            return result;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                int ignored = (int) DEALLOC.invokeExact(session);
            } catch (Throwable e) {
                throw new IllegalStateException("srtp_dealloc failed", e);
            } finally {
                arena.close();
            }
        }
    }

    /** The status a {@link Session} call returned as {@code -1 - status}, as an {@link SrtpResult} code. */
    static int result(int negatedStatus) {
        return switch (-1 - negatedStatus) {
            case AUTH_FAIL -> SrtpResult.AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> SrtpResult.REPLAYED;
            case BAD_PARAM, PARSE_ERR -> SrtpResult.MALFORMED;
            default -> SrtpResult.FAILED;
        };
    }
}
