package dev.parley.media.udp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * Reads the media socket on its epoll event loop without allocating: Linux's {@code recvmmsg(2)} through the JDK's
 * foreign function API, into native buffers set up once, for a duplicate of the socket's descriptor registered with
 * the loop for input (level-triggered) while Netty's channel only sends. Netty's own read makes a
 * {@code DatagramPacket}, a buffer slice and the sender's {@link InetSocketAddress} for every datagram; here each
 * datagram is copied into the loop's receive array and its sender is looked up by its bytes ({@link SenderAddresses}),
 * so that only an address not seen lately is a new object.
 *
 * <p>Each readiness reads up to {@value #CALLS_PER_WAKE} batches of {@value #BATCH}; when more may wait, a task of the
 * loop reads on after its other work. Threading: confined to the loop (the loop calls {@link #handle}); {@link #close}
 * once deregistered.
 */
final class NativeDatagramReader implements EpollIoHandle {

    /** Datagrams per {@code recvmmsg} call. */
    static final int BATCH = 32;
    /** Calls per readiness, so that a flood leaves the loop time for its tasks (the level-triggered input calls again). */
    private static final int CALLS_PER_WAKE = 16;
    /** Readinesses in a row that read nothing after which the reason is asked for (and told). */
    private static final int EMPTY_WAKES_BEFORE_ASKING = 1_000;

    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCKADDR_STORAGE = 128;

    // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; } on 64-bit Linux.
    private static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("msg_name"), ValueLayout.JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4), ValueLayout.ADDRESS.withName("msg_iov"),
            ValueLayout.JAVA_LONG.withName("msg_iovlen"), ValueLayout.ADDRESS.withName("msg_control"),
            ValueLayout.JAVA_LONG.withName("msg_controllen"), ValueLayout.JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4), ValueLayout.JAVA_INT.withName("msg_len"), MemoryLayout.paddingLayout(4));
    private static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"), ValueLayout.JAVA_LONG.withName("iov_len"));
    private static final long NAME = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_name"));
    private static final long NAMELEN = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_namelen"));
    private static final long IOV = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iov"));
    private static final long IOVLEN = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iovlen"));
    private static final long IOV_BASE = IOVEC.byteOffset(MemoryLayout.PathElement.groupElement("iov_base"));
    private static final long IOV_LEN = IOVEC.byteOffset(MemoryLayout.PathElement.groupElement("iov_len"));
    private static final long FLAGS = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_flags"));
    private static final long LEN = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_len"));
    private static final ValueLayout.OfShort NETWORK_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NETWORK_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong NETWORK_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final String UNAVAILABLE;
    private static final MethodHandle RECVMMSG;
    private static final MethodHandle RECVMMSG_ERRNO;
    private static final MethodHandle DUP;
    private static final MethodHandle CLOSE;
    private static final VarHandle ERRNO;
    private static final long ERRNO_SIZE;

    static {
        String unavailable = null;
        MethodHandle recvmmsg = null;
        MethodHandle recvmmsgErrno = null;
        MethodHandle dup = null;
        MethodHandle close = null;
        VarHandle errno = null;
        long errnoSize = 0;
        try {
            Linker linker = Linker.nativeLinker();
            StructLayout state = Linker.Option.captureStateLayout();
            errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            errnoSize = state.byteSize();
            Linker.Option captureErrno = Linker.Option.captureCallState("errno");
            // Without capturing errno, which costs an object per call where the JIT cannot take it out: a failed read
            // is nearly always "nothing waiting" (EAGAIN), and only a long run of them is looked into, with the other.
            FunctionDescriptor recvmmsgType = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
            recvmmsg = linker.downcallHandle(linker.defaultLookup().findOrThrow("recvmmsg"), recvmmsgType);
            recvmmsgErrno = linker.downcallHandle(linker.defaultLookup().findOrThrow("recvmmsg"), recvmmsgType,
                    captureErrno);
            dup = linker.downcallHandle(linker.defaultLookup().findOrThrow("dup"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), captureErrno);
            close = linker.downcallHandle(linker.defaultLookup().findOrThrow("close"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            if (MMSGHDR.byteSize() != 64 || ValueLayout.ADDRESS.byteSize() != 8) {
                unavailable = "not a 64-bit Linux layout";
            }
        } catch (Throwable e) {
            unavailable = "recvmmsg through the foreign function API: " + e;
        }
        UNAVAILABLE = unavailable;
        RECVMMSG = recvmmsg;
        RECVMMSG_ERRNO = recvmmsgErrno;
        DUP = dup;
        CLOSE = close;
        ERRNO = errno;
        ERRNO_SIZE = errnoSize;
    }

    /** What the reader hands each datagram and each burst's end to (on the loop). */
    interface Sink {
        /** One datagram of at most the maximum size, {@code buf} lent for the call. */
        void datagram(byte[] buf, int length, InetSocketAddress sender);

        /** A datagram larger than the maximum, dropped. */
        void oversize();

        void burstStarted();

        void burstEnded();

        /** A read failed for another reason than no datagram waiting. */
        void failed(int errno);
    }

    private final Arena arena = Arena.ofShared();
    private final FileDescriptor fd;
    private final int maxDatagram;
    /** Bytes of native buffer per datagram. */
    private final long slot;
    private final Sink sink;
    private final MemorySegment messages;
    private final MemorySegment names;
    private final MemorySegment buffers;
    private final MemorySegment errnoState;
    private final byte[] receiveBuffer;
    private final SenderAddresses senders = new SenderAddresses();
    private final Executor loop;
    /** Reads on, from a task of the loop, after a readiness whose share was used up. */
    private final Runnable readAgain = () -> handle(null, null);
    private int emptyWakes;
    private boolean closed;

    /** Null when this machine can read so (64-bit Linux, the symbols found), else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** A reader of a duplicate of {@code socketFd}, on {@code loop}, whose datagrams go to {@code sink}. */
    NativeDatagramReader(int socketFd, int maxDatagram, Executor loop, Sink sink) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
        this.maxDatagram = maxDatagram;
        this.loop = loop;
        this.sink = sink;
        this.receiveBuffer = new byte[maxDatagram];
        // One byte more than the bound, as Netty's read was set up: a datagram that fills it was too large.
        this.slot = maxDatagram + 1;
        messages = arena.allocate(MMSGHDR, BATCH);
        MemorySegment iovecs = arena.allocate(IOVEC, BATCH);
        names = arena.allocate(SOCKADDR_STORAGE * (long) BATCH, 8);
        buffers = arena.allocate(slot * BATCH, 8);
        errnoState = arena.allocate(ERRNO_SIZE, 8);
        for (int i = 0; i < BATCH; i++) {
            MemorySegment iovec = iovecs.asSlice(i * IOVEC.byteSize(), IOVEC);
            iovec.set(ValueLayout.ADDRESS, IOV_BASE, buffers.asSlice(i * slot, slot));
            iovec.set(ValueLayout.JAVA_LONG, IOV_LEN, slot);
            MemorySegment message = messages.asSlice(i * MMSGHDR.byteSize(), MMSGHDR);
            message.set(ValueLayout.ADDRESS, NAME, names.asSlice(i * (long) SOCKADDR_STORAGE, SOCKADDR_STORAGE));
            message.set(ValueLayout.ADDRESS, IOV, iovec);
            message.set(ValueLayout.JAVA_LONG, IOVLEN, 1);
        }
        int duplicate;
        try {
            duplicate = (int) DUP.invokeExact(errnoState, socketFd);
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("dup failed", e);
        }
        if (duplicate < 0) {
            arena.close();
            throw new IllegalStateException("dup failed: errno " + (int) ERRNO.get(errnoState, 0L));
        }
        this.fd = new FileDescriptor(duplicate);
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (closed) {
            return;
        }
        sink.burstStarted();
        try {
            for (int call = 0; call < CALLS_PER_WAKE; call++) {
                for (int i = 0; i < BATCH; i++) {
                    messages.set(ValueLayout.JAVA_INT, i * MMSGHDR.byteSize() + NAMELEN, SOCKADDR_STORAGE);
                }
                // After a long run of readinesses that read nothing (a socket in trouble), this read says why.
                boolean asking = call == 0 && emptyWakes >= EMPTY_WAKES_BEFORE_ASKING;
                int count;
                try {
                    count = asking
                            ? (int) RECVMMSG_ERRNO.invokeExact(errnoState, fd.intValue(), messages, BATCH, MSG_DONTWAIT,
                                    MemorySegment.NULL)
                            : (int) RECVMMSG.invokeExact(fd.intValue(), messages, BATCH, MSG_DONTWAIT, MemorySegment.NULL);
                } catch (Throwable e) {
                    throw new IllegalStateException("recvmmsg", e);
                }
                if (count < 0) {
                    if (call == 0) {
                        emptyWakes++;
                    }
                    if (asking) {
                        emptyWakes = 0;
                        int errno = (int) ERRNO.get(errnoState, 0L);
                        if (errno != EAGAIN && errno != EINTR) {
                            sink.failed(errno);
                        }
                    }
                    return;
                }
                emptyWakes = 0;
                for (int i = 0; i < count; i++) {
                    long header = i * MMSGHDR.byteSize();
                    int length = messages.get(ValueLayout.JAVA_INT, header + LEN);
                    if (length > maxDatagram || (messages.get(ValueLayout.JAVA_INT, header + FLAGS) & MSG_TRUNC) != 0) {
                        sink.oversize();
                        continue;
                    }
                    InetSocketAddress sender = senders.of(names, i * (long) SOCKADDR_STORAGE);
                    if (sender == null) {
                        continue; // not an IPv4 or IPv6 sender: nothing of ours
                    }
                    MemorySegment.copy(buffers, ValueLayout.JAVA_BYTE, i * slot, receiveBuffer, 0, length);
                    sink.datagram(receiveBuffer, length, sender);
                }
                if (count < BATCH) {
                    return;
                }
            }
            // More may wait: read on after the loop's other work, whether or not the readiness is told again.
            loop.execute(readAgain);
        } finally {
            sink.burstEnded();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(fd.intValue());
        } catch (Throwable e) {
            // The descriptor is gone either way.
        }
        arena.close();
    }

    /**
     * Senders' addresses by their bytes: IPv4 ones in an open-addressing table of {@value #CAPACITY} slots, emptied
     * when half full (a flood of spoofed senders costs allocation, not memory); IPv6 ones by the last seen. Reads a
     * {@code sockaddr_in} or {@code sockaddr_in6}; an IPv4-mapped IPv6 address is taken as IPv4, as Netty does.
     */
    static final class SenderAddresses {

        private static final int CAPACITY = 1 << 12;
        private final long[] keys = new long[CAPACITY];
        private final InetSocketAddress[] values = new InetSocketAddress[CAPACITY];
        private int size;
        private final byte[] ipv6 = new byte[16];
        private final byte[] lastIpv6 = new byte[16];
        private int lastIpv6Port = -1;
        private InetSocketAddress lastIpv6Address;

        /** The sender at {@code offset} in {@code names}, null for another family. */
        InetSocketAddress of(MemorySegment names, long offset) {
            int family = names.get(ValueLayout.JAVA_SHORT, offset) & 0xFFFF;
            int port = names.get(NETWORK_SHORT, offset + 2) & 0xFFFF;
            if (family == AF_INET) {
                return ipv4(names.get(NETWORK_INT, offset + 4), port);
            }
            if (family != AF_INET6) {
                return null;
            }
            long high = names.get(NETWORK_LONG, offset + 8);
            int word = names.get(NETWORK_INT, offset + 16);
            if (high == 0 && word == 0xFFFF) {
                return ipv4(names.get(NETWORK_INT, offset + 20), port);
            }
            MemorySegment.copy(names, ValueLayout.JAVA_BYTE, offset + 8, ipv6, 0, 16);
            if (port != lastIpv6Port || !Arrays.equals(ipv6, lastIpv6)) {
                System.arraycopy(ipv6, 0, lastIpv6, 0, 16);
                lastIpv6Port = port;
                lastIpv6Address = address(ipv6.clone(), port);
            }
            return lastIpv6Address;
        }

        private InetSocketAddress ipv4(int address, int port) {
            long key = 1L << 48 | (address & 0xFFFFFFFFL) << 16 | port;
            int slot = (int) (mix(key) & (CAPACITY - 1));
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & (CAPACITY - 1);
            }
            if (size >= CAPACITY / 2) {
                Arrays.fill(keys, 0);
                Arrays.fill(values, null);
                size = 0;
                slot = (int) (mix(key) & (CAPACITY - 1));
            }
            InetSocketAddress created = address(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                    (byte) (address >>> 8), (byte) address}, port);
            keys[slot] = key;
            values[slot] = created;
            size++;
            return created;
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }

        private static InetSocketAddress address(byte[] raw, int port) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always an address", e);
            }
        }
    }
}
